"""The real IOS-XE output samples the tests compare against (tests/data/ios-outputs, see SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "data" / "ios-outputs"


def sample(name: str) -> str:
    """One sample, byte for byte (TABs and trailing blanks kept)."""
    return (SAMPLES / name).read_bytes().decode("utf-8")
