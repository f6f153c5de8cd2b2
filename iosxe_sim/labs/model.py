"""A loaded, validated lab: what the runner plays and the grader checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Union

ParamValue = Union[str, int, bool, float, tuple[str, ...], "Check"]  # a `while` condition is a Check


@dataclass(frozen=True)
class ClientSpec:
    name: str
    user: str
    password: str
    address: str | None
    profile_xml: bytes | None  # the client's local AnyConnect profile before its first connect

    def create_line(self) -> str:
        """The `lab client` command that creates it."""
        address = f" address {self.address}" if self.address else ""
        return f"lab client {self.name} user {self.user} password {self.password}{address}"


@dataclass(frozen=True)
class TimelineEntry:
    at: float  # virtual seconds after the lab starts
    line: int  # where it is in the lab file
    exec: str | None = None  # one EXEC line (client actions become `lab client ...` lines)
    config: tuple[str, ...] = ()  # configuration lines
    note: str | None = None


@dataclass(frozen=True)
class Check:
    kind: str  # a key of vocabulary.CHECK_KINDS
    description: str
    line: int
    params: Mapping[str, ParamValue] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, name: str, default: ParamValue | None = None) -> ParamValue | None:
        return self.params.get(name, default)


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    hints: tuple[str, ...]
    checks: tuple[Check, ...]
    session_only: bool = False  # skipped when grading a saved config
    points: int = 1
    story: bool = False  # met by watching the lab's story: shown, never scored

    @property
    def scored(self) -> bool:
        return not self.story and self.points > 0


@dataclass(frozen=True)
class Lab:
    name: str  # the built-in lab's name, or the file's stem
    source: str  # where it was read from, as the user named it (for messages)
    title: str
    level: str
    description: str
    seed: int
    config_text: str | None  # None: the embedded default device
    bootflash: Mapping[str, bytes]
    clients: tuple[ClientSpec, ...]
    timeline: tuple[TimelineEntry, ...]
    objectives: tuple[Objective, ...]
    replay: tuple[str, ...] = ()  # lines run when grading a saved config (and re-testing a script)
    replay_line: int = 0  # the file line just before the first replay line (0: unknown)
    student: str | None = None  # whose variant this is (None: the lab as written)
    variables: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    digest: str = ""  # SHA-256 of the lab file and the files it reads (the lab's hash)


def paragraphs(text: str) -> list[str]:
    """The description's paragraphs with their line breaks joined; indented lines stay as written
    (config snippets), each its own paragraph."""
    result: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line[:1].isspace():
            if current:
                result.append(" ".join(current))
                current = []
            if line.strip():
                result.append(line.rstrip())
            elif result and result[-1]:
                result.append("")
            continue
        current.append(line.strip())
    if current:
        result.append(" ".join(current))
    while result and not result[-1]:
        result.pop()
    return result
