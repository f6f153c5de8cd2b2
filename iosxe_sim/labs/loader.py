"""Finding and loading lab files: built-in labs by name, anyone's labs by path.

Built-in labs are folders under ``iosxe_sim.examples/labs`` (examples/labs/ in the repository),
each with a ``lab.toml`` and the files it names. A path to a ``.toml`` file, or to a folder holding
``lab.toml``, works wherever a name does. Files a lab names are read relative to its file.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path as FsPath
from types import MappingProxyType
from typing import Any

from iosxe_sim.engine.client_profile import ClientProfileError, parse_client_profile
from iosxe_sim.labs import schema, validate, variables
from iosxe_sim.labs.locate import Path, key_lines
from iosxe_sim.labs.model import Lab, TimelineEntry
from iosxe_sim.labs.validate import Context, LabError
from iosxe_sim.parser.match import Matched, default_matcher

LAB_FILE = "lab.toml"
_TOML_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
STUDENT = re.compile(r"[\w.@-]{1,64}", re.ASCII)
MAX_LAB_FILE = 1 << 20  # bytes: a lab file or a file it names
TIMELINE_HANDLERS = ("show.", "clear.", "exec.debug_ikev2", "exec.undebug", "lab.client")
TOP_KEYS = ("lab", "device", "client", "timeline", "objective", "grading", "variables")

__all__ = [
    "LabError",
    "LabSource",
    "builtin_labs",
    "find_lab",
    "list_folder",
    "load_lab",
    "load_source",
    "parse_lab",
]


@dataclass(frozen=True)
class LabSource:
    name: str
    folder: Traversable  # where the files it names are
    file: Traversable
    shown: str  # how messages name the file
    contained: bool = True  # the file must resolve inside the folder (not when named directly)


def labs_root() -> Traversable:
    return resources.files("iosxe_sim.examples").joinpath("labs")


def builtin_labs() -> list[LabSource]:
    """The labs that ship with iosxe-sim, by name."""
    return list_folder(labs_root(), builtin=True)


def list_folder(folder: Traversable, builtin: bool = False) -> list[LabSource]:
    """Labs in a folder: sub-folders with a lab.toml, and .toml files."""
    found: list[LabSource] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and entry.joinpath(LAB_FILE).is_file():
            shown = entry.name if builtin else str(FsPath(str(entry)) / LAB_FILE)
            found.append(LabSource(entry.name, entry, entry.joinpath(LAB_FILE), shown))
        elif entry.is_file() and entry.name.endswith(".toml") and not builtin:
            found.append(LabSource(entry.name.removesuffix(".toml"), folder, entry, str(entry)))
    return found


def find_lab(name_or_path: str) -> LabSource:
    """A lab path (file or folder) if one exists, else a built-in lab of that name."""
    path = FsPath(name_or_path)
    if path.is_dir() and (path / LAB_FILE).is_file():
        return LabSource(path.resolve().name, path, path / LAB_FILE, str(path / LAB_FILE))
    if path.is_file():
        stem = path.parent.resolve().name if path.name == LAB_FILE else path.stem
        return LabSource(stem, path.parent, path, str(path), contained=False)
    for source in builtin_labs():
        if source.name == name_or_path:
            return source
    if path.is_dir():
        raise LabError(f"{name_or_path}: this folder has no {LAB_FILE}")
    names = ", ".join(source.name for source in builtin_labs())
    raise LabError(f"{name_or_path}: no such lab file or built-in lab (built-in labs: {names})")


def load_lab(name_or_path: str, student: str | None = None, seed: int | None = None) -> Lab:
    """A lab by name or path; with a student id, that student's variant (see variables.py)."""
    return load_source(find_lab(name_or_path), student, seed)


def load_source(source: LabSource, student: str | None = None, seed: int | None = None) -> Lab:
    if source.contained and not _inside(source.file, source.folder):
        raise LabError(f"{source.shown}: leads outside its folder (a symbolic link)")
    return parse_lab(_read(source.file, source.shown).decode("utf-8", "replace"), source, student, seed)


def _inside(file: Traversable, folder: Traversable) -> bool:
    """Whether a file of a lab, links resolved, is inside the lab's folder (a file linked to
    /etc/passwd is not). Files inside an installed package (not on a file system) are."""
    if not isinstance(file, FsPath) or not isinstance(folder, FsPath):
        return True
    return file.resolve().is_relative_to(folder.resolve())


def _read(file: Traversable, shown: str) -> bytes:
    try:
        with file.open("rb") as handle:  # bounded: a lab "file" may be /dev/zero
            data = handle.read(MAX_LAB_FILE + 1)
    except OSError as exc:
        raise LabError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_LAB_FILE:
        raise LabError(f"{shown}: larger than {MAX_LAB_FILE} bytes")
    return data


def parse_lab(text: str, source: LabSource, student: str | None = None, seed: int | None = None) -> Lab:
    """Validate a lab file's text; files it names are read next to ``source.file``. ``student``
    (and ``seed``, else the lab's) pick the values of its [variables]."""
    if student is not None and not STUDENT.fullmatch(student):
        raise LabError(f"{student!r} is not a student id (letters, digits, . _ @ -; up to 64)")
    digest = hashlib.sha256(text.encode("utf-8"))
    try:
        document = tomllib.loads(text)
    except RecursionError:
        raise LabError(f"{source.shown}: not valid TOML: arrays or tables nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        where = f"{source.shown}:{found.group(1)}:{found.group(2)}" if found else source.shown
        raise LabError(f"{where}: not valid TOML: {_TOML_LINE.sub('', str(exc)).strip()}") from None
    ctx = Context(source.shown, key_lines(text))
    for key in document:
        if key not in TOP_KEYS:
            raise ctx.fail((key,), f"unknown section (expected: {', '.join(TOP_KEYS)})")
    lab_seed = document.get("lab", {}).get("seed", schema.DEFAULT_SEED) if isinstance(document.get("lab"), dict) else 0
    base_seed = seed if seed is not None else (lab_seed if type(lab_seed) is int else schema.DEFAULT_SEED)
    values = variables.derive(document.get("variables", {}), student, base_seed, ctx.fail)
    document = variables.substitute(document, values, ctx.fail)
    info = (
        validate.check_fields(document.get("lab"), schema.section("lab").fields, ("lab",), ctx)
        if "lab" in document
        else _missing(ctx)
    )
    folder = source.folder

    def read(relative: str, path: Path) -> bytes:
        parts = relative.replace("\\", "/").split("/")
        if not relative or relative.startswith("/") or ".." in parts:  # files of the lab's own folder only
            raise ctx.fail(path, f"file {relative!r} must be a path inside the lab's folder")
        target = folder.joinpath(*parts)
        if not target.is_file():
            raise ctx.fail(path, f"file {relative!r} not found next to the lab file")
        if not _inside(target, folder):
            raise ctx.fail(path, f"file {relative!r} leads outside the lab's folder (a symbolic link)")
        data = _read(target, relative)
        digest.update(relative.encode("utf-8") + b"\0" + data)
        if b"${" not in data:
            return data
        substituted = variables.text_value(
            data.decode("utf-8", "replace"), values, lambda message: ctx.fail(path, f"in {relative}: {message}")
        )
        return str(substituted).encode("utf-8")

    config_text, bootflash = _device(document.get("device", {}), ctx, read)
    clients = validate.clients(validate.array(document, "client", ctx, False), ctx, read)
    for index, client in enumerate(clients):
        if not isinstance(default_matcher().match_line("exec", client.create_line()), Matched):
            raise ctx.fail(("client", index), f"the CLI does not accept {client.create_line()!r}")
        if client.profile_xml is not None:
            _check_profile(client.profile_xml, ("client", index, "profile"), ctx)
    names = {client.name for client in clients}
    timeline = validate.timeline(validate.array(document, "timeline", ctx, False), ctx, names)
    _check_lines(timeline, ctx)
    objectives = validate.objectives(validate.array(document, "objective", ctx, True), ctx, names)
    for objective_index, objective in enumerate(objectives):
        for check_index, check in enumerate(objective.checks):
            if check.kind == "show":
                _check_show(
                    str(check.get("command")),
                    ("objective", objective_index, "check", check_index, "command"),
                    ctx,
                )
    grading = validate.check_fields(
        document.get("grading", {}), schema.section("grading").fields, ("grading",), ctx
    )
    return Lab(
        name=source.name,
        source=source.shown,
        title=str(info["title"]),
        level=str(info["level"]),
        description=str(info["description"]).strip(),
        seed=variables.student_seed(int(info.get("seed", schema.DEFAULT_SEED)), student),
        config_text=config_text,
        bootflash=MappingProxyType(bootflash),
        clients=clients,
        timeline=timeline,
        objectives=objectives,
        replay=tuple(str(grading.get("replay", "")).splitlines()),
        replay_line=_replay_line(text, ctx),
        student=student,
        variables=MappingProxyType(values),
        digest=digest.hexdigest(),
    )


def _replay_line(text: str, ctx: Context) -> int:
    """The file line before the replay's first line: the key's line, one more when the value is a
    multi-line string opened on the key's line (TOML drops that first newline)."""
    line = ctx.lines.get(("grading", "replay"))
    if line is None:
        return 0
    opened = text.splitlines()[line - 1].rstrip()
    return line if opened.endswith(('"""', "'''")) else line - 1


def _missing(ctx: Context) -> dict[str, Any]:
    raise ctx.fail((), "missing the [lab] section (title, level, description)")


def _device(table: Any, ctx: Context, read: Any) -> tuple[str | None, dict[str, bytes]]:
    values = validate.check_fields(table, schema.section("device").fields, ("device",), ctx)
    if "config" in values and "config-text" in values:
        raise ctx.fail(("device",), "give config or config-text, not both")
    config = values.get("config-text")
    if "config" in values:
        config = read(str(values["config"]), ("device", "config")).decode("utf-8", "replace")
    files = table.get("bootflash", {}) if isinstance(table, dict) else {}
    if not isinstance(files, dict):
        raise ctx.fail(("device", "bootflash"), "must be a table of file name = path")
    bootflash: dict[str, bytes] = {}
    for name, relative in files.items():
        path: Path = ("device", "bootflash", name)
        if not isinstance(relative, str):
            raise ctx.fail(path, "must be the path of a file (a string)")
        if not name or "/" in name or ":" in name or name != name.strip():
            raise ctx.fail(path, f"{name!r} is not a bootflash file name")
        bootflash[name] = read(relative, path)
        if name.lower().endswith(".xml"):
            _check_profile(bootflash[name], path, ctx)
    return (None if config is None else str(config)), bootflash


def _check_profile(xml: bytes, path: Path, ctx: Context) -> None:
    try:
        parse_client_profile(xml)
    except ClientProfileError as exc:
        raise ctx.fail(path, f"not a usable AnyConnect profile: {exc}") from None


def _check_lines(timeline: tuple[TimelineEntry, ...], ctx: Context) -> None:
    """Timeline commands must be EXEC commands the CLI accepts, and not ones that move the clock."""
    matcher = default_matcher()
    for index, entry in enumerate(timeline):
        if entry.exec is None:
            continue
        result = matcher.match_line("exec", entry.exec)
        where = _timeline_path(ctx, entry, index)
        if not isinstance(result, Matched):
            raise ctx.fail(where, f"the CLI does not accept {entry.exec!r}")
        if not result.command.handler.startswith(TIMELINE_HANDLERS):
            raise ctx.fail(
                where,
                f"{entry.exec!r} cannot be played by a timeline (allowed: show, clear, "
                "debug, undebug and lab client commands)",
            )


def _timeline_path(ctx: Context, entry: TimelineEntry, fallback: int) -> Path:
    """The file path of a (sorted) timeline entry: the entry whose header sits on its line."""
    for path, line in ctx.lines.items():
        if len(path) == 2 and path[0] == "timeline" and line == entry.line:
            return path
    return ("timeline", fallback)


def _check_show(command: str, path: Path, ctx: Context) -> None:
    result = default_matcher().match_line("exec", command)
    if not isinstance(result, Matched) or not result.command.handler.startswith("show."):
        raise ctx.fail(path, f"{command!r} is not a show command the CLI accepts")
