"""Cisco secret types, checked against published vectors (hashcat's for 8 and 9, glibc's MD5-crypt)."""

from __future__ import annotations

import pytest

from iosxe_sim.config.passwords import hash_secret, md5_crypt, verify
from iosxe_sim.device import Device

VECTORS = [
    ("9", "hashcat", "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"),
    ("8", "hashcat", "$8$TnGX/fE4KGHOVU$pEhnEvxrvaynpi8j4f.EMHr6M.FzU8xnZnBr/tJdFWk"),
    ("5", "password", "$1$saltstri$qQY4WxjABChYG1ccLpfkz/"),
    ("0", "cisco", "cisco"),
]


@pytest.mark.parametrize(("kind", "password", "stored"), VECTORS)
def test_known_secrets_verify_and_wrong_ones_do_not(kind: str, password: str, stored: str) -> None:
    assert verify(password, kind, stored)
    assert not verify(password + "x", kind, stored)


def test_md5_crypt_and_fresh_hashes() -> None:
    assert md5_crypt("password", "saltstring") == "$1$saltstri$qQY4WxjABChYG1ccLpfkz/"
    for kind in ("8", "9"):
        assert verify("s3cret", kind, hash_secret("s3cret", kind))


def test_enable_with_a_type_5_secret() -> None:
    device = Device(config_text="enable secret 5 $1$saltstri$qQY4WxjABChYG1ccLpfkz/\n", seed=1)
    device.execute("disable")
    device.execute("enable")
    assert device.console.awaiting_password
    device.execute("password")
    assert device.console.prompt == "Router#"


def test_type7_round_trip_and_a_known_vector() -> None:
    from iosxe_sim.config.passwords import decode_type7, encode_type7, verify, verify_login

    assert decode_type7("0822455D0A16") == "cisco"  # the widely published example
    assert decode_type7(encode_type7("s3cr3t!", 12)) == "s3cr3t!"
    assert verify_login("cisco", "7", "0822455D0A16") and not verify_login("cisco1", "7", "0822455D0A16")
    assert not verify("cisco", "7", "0822455D0A16")  # a secret is never type 7
    assert decode_type7("08zz") is None and decode_type7("x") is None
