"""bootflash: as a folder on the host (or memory): names confined, writes atomic, IOS's file commands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iosxe_sim.device import Device, default_bootflash
from iosxe_sim.flash import FlashError, FolderFlash, MemoryFlash, file_name


@pytest.mark.parametrize("text", ["bootflash:../x", "bootflash:/etc/passwd", "bootflash:a/b", "flash:..",
                                  "bootflash:.hidden", "bootflash:a\\b", "bootflash:"])
def test_names_that_would_leave_the_flash_are_refused(text: str) -> None:
    with pytest.raises(FlashError):
        file_name(text)


def test_flash_names_and_other_devices() -> None:
    assert file_name("bootflash:/acvpn.xml") == "acvpn.xml"
    assert file_name("FLASH:cap.pcap") == "cap.pcap"
    assert file_name("tftp://10.0.0.1/x") is None


def test_a_symbolic_link_out_of_the_folder_is_neither_read_nor_written(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("do not read")
    folder = tmp_path / "flash"
    flash = FolderFlash.open(folder, {})
    os.symlink(secret, folder / "link")
    assert "link" not in flash and list(flash) == []
    with pytest.raises(FlashError):
        flash["link"] = b"overwritten"
    assert secret.read_text() == "do not read"


def test_folder_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    flash = FolderFlash.open(tmp_path / "flash", {"a.txt": b"old"})
    flash["a.txt"] = b"new"
    assert (tmp_path / "flash" / "a.txt").read_bytes() == b"new"
    assert [p.name for p in (tmp_path / "flash").iterdir()] == ["a.txt"]
    before = flash.generation
    del flash["a.txt"]
    assert flash.generation == before + 1 and len(flash) == 0


def test_a_new_profile_in_flash_reaches_the_next_connect() -> None:
    device = Device(seed=1)
    xml = device.flash["acvpn.xml"].replace(b"ReconnectAfterResume", b"DisconnectOnSuspend")
    first = device.gateway_settings()
    device.flash["acvpn.xml"] = xml
    assert device.gateway_settings() is not first
    assert device.gateway_settings().bootflash["acvpn.xml"] == xml


def test_a_dict_becomes_memory_flash() -> None:
    device = Device(bootflash={**default_bootflash(), "x.txt": b"x"})
    assert isinstance(device.flash, MemoryFlash) and device.bootflash is device.flash
    assert device.execute("more bootflash:x.txt") == "x\n"


def test_copy_and_delete_ask_and_act() -> None:
    device = Device(seed=1)
    assert device.execute("copy running-config bootflash:r.cfg") == ""
    assert device.console.prompt == "Destination filename [r.cfg]? "
    assert device.execute("").endswith("bytes/sec)\n")
    assert device.flash["r.cfg"].decode().startswith("Building configuration...")
    device.execute("delete bootflash:r.cfg")
    assert device.console.prompt == "Delete filename [r.cfg]? "
    device.execute("")
    assert device.console.prompt == "Delete bootflash:/r.cfg? [confirm]"
    assert device.execute("") == "" and "r.cfg" not in device.flash


@given(st.text(max_size=40))
def test_any_file_argument_gives_an_ios_answer(text: str) -> None:
    device = Device(seed=1)
    for line in (f"more {text}", f"delete {text}", f"copy {text} bootflash:x"):
        if "?" in line or not line.split()[1:]:
            continue
        out = device.execute(line)
        device.console.cancel_question()
        assert "Traceback" not in out and "Internal error" not in out
