"""The real tool as the oracle: tshark decrypts what the emulator puts on the wire.

`monitor capture` on the gateway's outside interface records the seed flow (first connect with
AnyConnect-EAP, traffic, sleep until DPD gives up, reconnect with the token), a refused reconnect
(wrong token) and an IPsec-lifetime rekey; the exported pcap and `lab capture keys`' tables go
from bootflash: to a Wireshark profile folder and tshark's own field output is checked. tshark is
a Debian package `.ci/run` installs: in CI (CI=true) its absence is a failure, elsewhere the tests
say why they skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from engine_fixtures import configure, make_device

TSHARK = shutil.which("tshark")
FLOW = (
    "lab clock virtual",
    "lab client pc1",
    "lab client pc1 connect",
    "lab client pc1 traffic 3",
    "lab client pc1 sleep",
    "lab clock advance 2m",  # DPD gives up after 57 s
    "lab client pc1 resume",  # the reconnect
    "lab client pc1 traffic 2",
    "lab client pc1 reconnect wrong-token",  # refused, then full authentication
    "lab clock advance 3700",  # the IPsec lifetime (3600 s) runs out: CREATE_CHILD_SA
    "lab client pc1 traffic 2",
)


@pytest.fixture(scope="module")
def tshark() -> str:
    if TSHARK is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tshark is missing in CI: .ci/run must install the Debian package tshark")
        pytest.skip("tshark is not installed (Debian package tshark)")
    return TSHARK


CAPTURE = ("monitor capture WIRE interface GigabitEthernet1 both", "monitor capture WIRE match any",
           "monitor capture WIRE buffer size 100", "monitor capture WIRE start")
GCM = (
    "crypto ikev2 proposal default", "no encryption aes-cbc-256", "encryption aes-gcm-256", "no integrity sha512 sha384",
    "prf sha384", "exit", "crypto ipsec transform-set TSET esp-gcm 256",
)


def record(tmp_path_factory: pytest.TempPathFactory, config: tuple[str, ...] = ()) -> tuple[Path, object]:
    """The flow captured with IOS's own commands; the pcap and the key tables come from flash."""
    device = make_device()
    if config:
        configure(device, *config)
    for line in (*CAPTURE, *FLOW, "monitor capture WIRE stop", "monitor capture WIRE export bootflash:wire.pcap",
                 "lab capture keys bootflash:wire"):
        device.execute(line)
    folder = tmp_path_factory.mktemp("wireshark-profile")
    (folder / "wireshark").mkdir()
    (folder / "wire.pcap").write_bytes(device.flash["wire.pcap"])
    for table in ("ikev2_decryption_table", "esp_sa"):
        (folder / "wireshark" / table).write_bytes(device.flash[f"wire-{table}"])
    return folder, device


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return record(tmp_path_factory)


@pytest.fixture(scope="module")
def gcm_capture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return record(tmp_path_factory, GCM)


def fields(tshark: str, folder: Path, display_filter: str, *names: str) -> list[list[str]]:
    command = [
        tshark, "-r", str(folder / "wire.pcap"), "-o", "esp.enable_encryption_decode:TRUE",
        "-o", "esp.enable_authentication_check:TRUE", "-Y", display_filter, "-T", "fields",
        *(arg for name in names for arg in ("-e", name)),
    ]
    env = dict(os.environ, XDG_CONFIG_HOME=str(folder), HOME=str(folder))
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True, timeout=120)
    return [line.split("\t") for line in done.stdout.splitlines()]


def test_first_ike_auth_carries_the_anyconnect_key_id(tshark: str, capture: tuple[Path, object]) -> None:
    rows = fields(tshark, capture[0], "isakmp.exchangetype == 35 && isakmp.id.type", "isakmp.id.type", "isakmp.id.data.key_id")
    assert rows[0] == ["11", b"*$AnyConnectClient$*".hex()]


def test_cfg_reply_carries_address_and_split_tunnel(tshark: str, capture: tuple[Path, object]) -> None:
    rows = fields(
        tshark, capture[0], "isakmp.cfg.type == 2", "isakmp.cfg.attr.internal_ip4_address",
        "isakmp.cfg.attr.internal_ip4_subnet_ip", "isakmp.cfg.attr.internal_ip4_subnet_netmask",
    )
    assert rows and rows[0] == ["192.168.20.5", "192.168.10.0", "255.255.255.0"]


def test_reconnect_ike_auth_has_the_session_id_and_a_shared_key_auth(tshark: str, capture: tuple[Path, object]) -> None:
    folder, device = capture
    session_id = device.clients["pc1"].client.retired_session_ids[0]
    rows = fields(
        tshark, folder, "isakmp.exchangetype == 35 && isakmp.auth.method && isakmp.id.type == 11",
        "isakmp.id.data.key_id", "isakmp.auth.method",
    )
    assert [session_id.encode().hex(), "2"] in rows


def test_esp_decrypts_to_the_inner_echoes(tshark: str, capture: tuple[Path, object]) -> None:
    rows = fields(tshark, capture[0], "esp", "esp.icv_good", "ip.src", "icmp.type")
    assert len(rows) == 14  # 7 echo requests and their replies, before and after the rekey
    assert all(row[0] == "1" and row[2] in ("8", "0") for row in rows)
    # inner addresses: the client's (.5, and .6 after the refused reconnect's re-authentication,
    # while the stale session still holds .5) and the inside host in the split-tunnel subnet
    assert {row[1].split(",")[-1] for row in rows} == {"192.168.20.5", "192.168.20.6", "192.168.10.1"}


def test_every_exchange_decodes_and_nothing_is_malformed(tshark: str, capture: tuple[Path, object]) -> None:
    folder = capture[0]
    kinds = {row[0] for row in fields(tshark, folder, "isakmp", "isakmp.exchangetype")}
    assert kinds == {"34", "35", "36", "37"}  # IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL
    assert fields(tshark, folder, "isakmp.enc.data && !isakmp.enc.decrypted", "frame.number") == []
    assert fields(tshark, folder, "_ws.malformed || _ws.expert.severity >= 6291456", "frame.number") == []
    assert fields(tshark, folder, "esp && !icmp", "frame.number") == []


def test_aes_gcm_ike_and_esp_decrypt_too(tshark: str, gcm_capture: tuple[Path, object]) -> None:
    folder, device = gcm_capture
    algorithms = device.gateway.ike_sas()[0].algorithms
    assert (algorithms.encryption.value, algorithms.integrity) == ("aes-gcm-256", None)
    assert fields(tshark, folder, "isakmp.enc.data && !isakmp.enc.decrypted", "frame.number") == []
    assert fields(tshark, folder, "_ws.malformed || _ws.expert.severity >= 6291456", "frame.number") == []
    rows = fields(tshark, folder, "esp", "icmp.type")
    assert len(rows) == 14 and all(row[0] in ("8", "0") for row in rows)
    assert fields(tshark, folder, "isakmp.cfg.type == 2", "isakmp.cfg.attr.internal_ip4_address")[0] == ["192.168.20.5"]


def test_the_capture_lab_s_answer_is_in_its_decrypted_capture(tshark: str, tmp_path: Path) -> None:
    """Lab 7 (capture-refused-reconnect): the exported capture, decrypted with its exported key
    tables, carries the refused reconnect and the gateway's reason in words."""
    from test_labs_builtin import SOLUTIONS

    from iosxe_sim.flash import FolderFlash
    from iosxe_sim.labs.loader import load_lab
    from iosxe_sim.labs.runtime import LabSession

    flash = tmp_path / "flash"
    lab = LabSession(load_lab("capture-refused-reconnect"), flash=FolderFlash.open(flash, {}))
    for line in SOLUTIONS["capture-refused-reconnect"].strip().splitlines():
        lab.device.console.execute(line)
    (tmp_path / "wireshark").mkdir()
    (tmp_path / "wire.pcap").write_bytes((flash / "lunch.pcap").read_bytes())
    for table in ("ikev2_decryption_table", "esp_sa"):
        (tmp_path / "wireshark" / table).write_bytes((flash / f"lunch-{table}").read_bytes())
    notifies = fields(tshark, tmp_path, "isakmp.notify.msgtype == 24 || isakmp.notify.msgtype == 40961",
                      "isakmp.notify.msgtype", "isakmp.notify.data")
    types = {kind for row in notifies for kind in row[0].split(",")}  # tshark joins a packet's notifies
    texts = [bytes.fromhex(data.replace(":", "")).decode(errors="replace")
             for row in notifies for data in row[1].split(",") if data and data != "<MISSING>"]
    assert {"24", "40961"} <= types  # AUTHENTICATION_FAILED, and the reason in words
    assert any("expired from the inactive session database" in text for text in texts), notifies


def test_the_gateway_signs_with_rsa_and_sends_its_certificates(tshark: str, capture: tuple[Path, object]) -> None:
    """`authentication local rsa-sig`: each response that authenticates the gateway (the first
    IKE_AUTH response of a connect, the reconnect's response) has AUTH method 1 (RSA Digital
    Signature) and two CERT payloads of encoding 4 (X.509 - Signature): the router and its CA."""
    folder, _ = capture
    rows = fields(tshark, folder, "isakmp.exchangetype == 35 && isakmp.flag_r == 1 && isakmp.auth.method == 1",
                  "isakmp.auth.method", "isakmp.cert.encoding")
    assert len(rows) >= 2 and all(row == ["1", "4,4"] for row in rows)
    signed_requests = fields(tshark, folder, "isakmp.exchangetype == 35 && isakmp.flag_r == 0 && isakmp.cert.encoding",
                             "frame.number")
    assert signed_requests == []  # the client authenticates with EAP or its token, never a certificate
