"""Shared helpers for the engine, flow and show tests: a seeded device with its gateway."""

from __future__ import annotations

from iosxe_sim.device import Device
from iosxe_sim.engine.client import SecureClient
from iosxe_sim.engine.gateway import Gateway

SEED = 20250313
PASSWORD = "cisco"


def make_device(config_text: str | None = None, seed: int = SEED) -> Device:
    return Device(config_text=config_text, seed=seed)


def gateway_of(device: Device) -> Gateway:
    gateway: Gateway = device.gateway  # type: ignore[attr-defined]
    return gateway


def make_client(device: Device, name: str = "client1", **kwargs: object) -> SecureClient:
    return SecureClient(gateway_of(device), name, seed=device.seed, **kwargs)  # type: ignore[arg-type]


def configure(device: Device, *lines: str) -> None:
    """Type configuration lines (sub-modes included); every line must be accepted."""
    assert device.execute("configure terminal").startswith("Enter configuration commands")
    for line in lines:
        output = device.execute(line)
        assert output == "", f"{line!r}: {output}"
    device.execute("end")
