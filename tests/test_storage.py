"""write memory and the grammar cache: exclusive private temporary files, fsync, rename, cleanup;
a cache that is data only, verified, and rebuilt when it does not verify."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iosxe_sim import storage
from iosxe_sim.device import Device
from iosxe_sim.parser import grammar, tree_cache
from iosxe_sim.parser.nodes import Keyword


def _saved(startup: Path, hostname: str) -> Device:
    device = Device(startup_path=startup, seed=1)
    device.configure(f"hostname {hostname}")
    assert device.execute("write memory") == "Building configuration...\n[OK]\n"
    return device


def test_the_startup_config_and_its_new_folder_are_private(tmp_path: Path) -> None:
    startup = tmp_path / "data" / "startup-config"
    _saved(startup, "PRIVATE")
    assert stat.S_IMODE(startup.stat().st_mode) == 0o600
    assert stat.S_IMODE(startup.parent.stat().st_mode) == 0o700
    assert "hostname PRIVATE" in startup.read_text()


def test_a_planted_link_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    startup = tmp_path / "startup-config"
    startup.symlink_to(victim)
    (tmp_path / f".startup-config.{os.getpid()}.tmp").symlink_to(victim)  # the old predictable name
    _saved(startup, "SAFE")
    assert victim.read_text() == "precious\n"
    assert not startup.is_symlink() and "hostname SAFE" in startup.read_text()


def test_the_file_is_synced_before_the_rename_and_the_folder_after(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(storage.os, "fsync", lambda fd: calls.append(
        "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file") or real_fsync(fd))
    monkeypatch.setattr(storage.os, "replace", lambda a, b: calls.append("rename") or real_replace(a, b))
    storage.write_private(tmp_path / "startup-config", b"hostname X\n")
    assert calls == ["file", "rename", "folder"]


def test_leftovers_of_dead_writers_are_removed_at_start_and_live_ones_kept(tmp_path: Path) -> None:
    startup = tmp_path / "startup-config"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(dead.stdout)
    leftovers = [tmp_path / f".startup-config.{pid}.k2j3h4.tmp", tmp_path / f".startup-config.{pid}.tmp"]
    live = tmp_path / f".startup-config.{os.getppid()}.x8y9z0.tmp"
    other = tmp_path / ".other.123.tmp"
    for path in (*leftovers, live, other):
        path.write_text("torn")
    Device(startup_path=startup)
    assert not any(path.exists() for path in leftovers)
    assert live.exists() and other.exists()


KILL_LOOP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from iosxe_sim import storage
    path = Path(sys.argv[1])
    n = 0
    print("ready", flush=True)
    while True:
        n += 1
        storage.write_private(path, (("config %d\\n" % n) * 20000).encode())
""")


def test_killing_a_writer_never_leaves_a_torn_file_and_the_next_start_cleans_up(tmp_path: Path) -> None:
    startup = tmp_path / "startup-config"
    startup.write_text("config 0\n" * 20000)
    for delay in [0.01 * n for n in range(1, 16)]:
        writer = subprocess.Popen([sys.executable, "-c", KILL_LOOP, str(startup)], stdout=subprocess.PIPE, text=True)
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        try:
            writer.wait(delay)
        except subprocess.TimeoutExpired:
            writer.kill()
        writer.wait()
        writer.stdout.close()
        lines = startup.read_text().splitlines()
        assert len(lines) == 20000 and len(set(lines)) == 1, "a torn startup-config"
        storage.remove_leftovers(startup)
        assert [p.name for p in tmp_path.iterdir()] == ["startup-config"]


def test_the_grammar_cache_is_json_and_holds_no_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = grammar._cache_path(grammar.grammar_files())
    assert path.suffix == ".json"
    grammar.default_grammar.cache_clear()
    try:
        grammar.default_grammar()
        trees = tree_cache.load(path)
        assert trees and stat.S_IMODE(path.stat().st_mode) == 0o600
        path.write_bytes(pickle.dumps(Keyword("x")))  # a pickle is never read as a cache
        assert tree_cache.load(path) == {}
        rebuilt = grammar.default_grammar.__wrapped__()
        assert set(rebuilt.modes) == set(grammar.load_grammar(grammar.grammar_files()).modes)
        assert tree_cache.load(path) == trees  # rebuilt silently and rewritten
    finally:
        grammar.default_grammar.cache_clear()


def test_the_grammar_files_cache_is_verified_and_gives_the_same_grammar(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    files_path = grammar._cache_path(grammar.grammar_files()).with_suffix(".files.json")
    grammar.default_grammar.cache_clear()
    try:
        fresh = grammar.default_grammar.__wrapped__()
        parsed = tree_cache.load_files(files_path)
        assert set(parsed) == {name for name, _ in grammar.grammar_files()}
        cached = grammar.default_grammar.__wrapped__()  # from the JSON data, no TOML parsed
        assert {n: [c.syntax for c in m.commands] for n, m in cached.modes.items()} == {
            n: [c.syntax for c in m.commands] for n, m in fresh.modes.items()}
        files_path.write_bytes(files_path.read_bytes().replace(b'"mode"', b'"MODE"', 1))  # tampered
        assert tree_cache.load_files(files_path) == {}
        assert set(grammar.default_grammar.__wrapped__().modes) == set(fresh.modes)
        assert tree_cache.load_files(files_path) == parsed  # rebuilt silently and rewritten
    finally:
        grammar.default_grammar.cache_clear()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_damaged_grammar_cache_never_raises(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    path = tmp_path_factory.mktemp("cache") / "grammar.json"
    tree_cache.save(path, {"enable": Keyword("enable"), "end": Keyword("end", "x")})
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        raw[data.draw(st.integers(0, len(raw) - 1))] ^= data.draw(st.integers(1, 255))
    path.write_bytes(bytes(raw))
    assert tree_cache.load(path) in ({}, {"enable": Keyword("enable"), "end": Keyword("end", "x")})


@pytest.mark.parametrize("payload", [b"[" * 100000, b'{"a": ["k", 1, null]}', b'{"a": ["v", "WORD", null, 1.5, 2]}',
                                     b'{"a": ["z"]}', b"not json"])
def test_hostile_cache_payloads_with_a_valid_digest_are_refused(tmp_path: Path, payload: bytes) -> None:
    import hashlib

    path = tmp_path / "grammar.json"
    path.write_bytes(f"{tree_cache.MAGIC}{hashlib.sha256(payload).hexdigest()}\n".encode() + payload)
    assert tree_cache.load(path) == {}
