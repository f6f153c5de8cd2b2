"""Where iosxe-sim keeps the user's files: the startup-config, bootflash, the SSH host key, saved
lab states."""

from __future__ import annotations

import os
from pathlib import Path


def data_directory() -> Path:
    """``$XDG_DATA_HOME/iosxe-sim``, by default ``~/.local/share/iosxe-sim``."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "iosxe-sim"


def default_startup_path() -> Path:
    """Where ``write memory`` saves by default."""
    return data_directory() / "startup-config"


def default_bootflash_path() -> Path:
    """The shell's and serve's flash folder, beside the startup-config."""
    return data_directory() / "bootflash"


def default_host_key() -> Path:
    return data_directory() / "ssh_host_ed25519_key"
