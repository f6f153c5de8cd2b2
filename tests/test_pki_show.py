"""PKI, step two: `show crypto pki trustpoints [status]`, `show crypto pki certificates [TP]` and
`show crypto key mypubkey rsa` from the trustpoints' real certificates and keys (golden files, genie
as the oracle, its bugs pinned), and `crypto key generate rsa` with IOS's questions."""

from __future__ import annotations

from datetime import UTC
from typing import Any
from unittest import mock

import pytest
from genie.libs.parser.iosxe import show_crypto

from iosxe_sim.device import Device
from iosxe_sim.pki import certificates
from iosxe_sim.pki.trustpoints import resolve

SECOND_TP = [  # a self-signed trustpoint next to IKEv2-TP: its own key, certificate 01 from that key
    "crypto pki trustpoint SELF",
    " enrollment selfsigned",
    " rsakeypair SELF",
]


def parse(parser: type, text: str) -> dict[str, Any]:
    return parser(device=mock.Mock()).parse(output=text)


@pytest.mark.parametrize("command", [
    "show crypto pki trustpoints", "show crypto pki trustpoints status", "show crypto pki certificates",
    "show crypto pki certificates IKEv2-TP", "show crypto key mypubkey rsa",
])
def test_golden(command: str, golden) -> None:
    golden(f"{command.replace(' ', '_')}/default.txt", Device(seed=1).execute(command))


def test_the_certificates_read_back_through_genie() -> None:
    device = Device(seed=1)
    parsed = parse(show_crypto.ShowCryptoPkiCertificates, device.execute("show crypto pki certificates IKEv2-TP"))
    certs = parsed["trustpoints"]["IKEv2-TP"]["associated_trustpoints"]
    chain = resolve(device.view().pki["IKEv2-TP"], device.keys)
    router, ca = chain.router_certificate.certificate, chain.ca_certificates[0].certificate
    assert certs["certificate"]["serial_number_in_hex"] == certificates.ios_serial(router) == "02"
    assert certs["certificate"]["subject"]["cn"] == "sal_c8kv.example.com"
    # Pinned genie bug: its `o=` pattern takes word characters only, so `o=iosxe-sim` is dropped.
    assert certs["certificate"]["issuer"] == {"cn": "IKEv2-Lab-CA"}
    assert certs["certificate"]["validity_date"]["end_date"] == certificates.ios_time(router.not_valid_after_utc)
    assert certs["certificate"]["storage"] == "nvram:IKEv2-Lab-CA#2.cer"
    assert certs["ca_certificate"]["usage"] == "Signature"
    assert certs["ca_certificate"]["serial_number_in_hex"] == certificates.ios_serial(ca)


def test_genie_files_every_certificate_under_the_last_trustpoint_named() -> None:
    """Pinned genie bug: certificates are keyed by their kind only and filed under the last
    `Associated Trustpoints` line, so two trustpoints' router certificates collapse into one."""
    device = Device(seed=1)
    device.configure_lines(SECOND_TP)
    device.execute("configure terminal")
    device.execute("crypto key generate rsa label SELF modulus 1024")
    device.execute("end")
    device.configure_lines(["crypto pki certificate chain SELF", "certificate self-signed 01",
                            *certificates.hex_dump(_self_signed(device)), "quit"])
    text = device.execute("show crypto pki certificates")
    assert text.count("Associated Trustpoints:") == 3 and "Router Self-Signed Certificate" in text
    parsed = parse(show_crypto.ShowCryptoPkiCertificates, text)
    assert list(parsed["trustpoints"]) == ["IKEv2-TP"]  # SELF's certificate is filed under IKEv2-TP


def test_the_trustpoint_status_reads_back_through_genie() -> None:
    parsed = parse(show_crypto.ShowCryptoPkiTrustpointsStatus, Device(seed=1).execute("show crypto pki trustpoints status"))
    tp = parsed["Trustpoints"]["IKEv2-TP"]
    assert tp["state"] == {"keys_generated": "yes", "issuing_ca_authenticated": "yes", "certificate_requests": "yes"}
    configured = tp["certificate_configured"]
    assert set(configured) == {"Issuing CA", "Router General Purpose"}
    # Pinned genie bug: a DN of several attributes keeps only the last attribute's value as
    # `common_name` (`cn=IKEv2-Lab-CA,o=iosxe-sim` -> 'iosxe-sim').
    assert configured["Issuing CA"]["subject"]["common_name"] == "iosxe-sim"
    assert configured["Router General Purpose"]["subject"]["common_name"] == "sal_c8kv.example.com"


def test_the_public_key_reads_back_through_genie() -> None:
    device = Device(seed=1)
    parsed = parse(show_crypto.ShowCryptoKeyMypubkeyRsa, device.execute("show crypto key mypubkey rsa"))
    entry = parsed["keys"][1]
    assert entry["key_name"] == "IKEv2-TP"
    data = "".join(entry["key_type"]["RSA KEYS"]["key_data"]).replace(" ", "")
    assert bytes.fromhex(data) == device.keys.get("IKEv2-TP").public_der()


def test_a_trustpoint_without_certificates_is_not_authenticated() -> None:
    device = Device(seed=1)
    device.configure_lines(["crypto pki trustpoint EMPTY", " enrollment terminal"])
    assert "Trustpoint EMPTY:\n    Not authenticated.\n" in device.execute("show crypto pki trustpoints")
    status = device.execute("show crypto pki trustpoints EMPTY status")
    assert status == ("Trustpoint EMPTY:\n  State:\n    Keys generated ............. No\n"
                      "    Issuing CA authenticated ....... No\n    Certificate request(s) ..... None\n")
    assert device.execute("show crypto pki trustpoints NOPE") == "% Trustpoint NOPE not found\n"


def test_generate_with_a_modulus_asks_nothing_and_replaces() -> None:
    device = Device(seed=1)
    device.execute("configure terminal")
    first = device.execute("crypto key generate rsa label SSH modulus 1024")
    assert first == ("The name for the keys will be: SSH\n\n% The key modulus size is 1024 bits\n"
                     "% Generating 1024 bit RSA keys, keys will be non-exportable...\n"
                     "[OK] (elapsed time was 0 seconds)\n\n")
    old = device.keys.get("SSH").public_der()
    again = device.execute("crypto key generate rsa label SSH exportable modulus 2048")
    assert again.startswith("% You already have RSA keys defined named SSH.\n% They will be replaced.\n\n"
                            "% The key modulus size is 2048 bits\n% Generating 2048 bit RSA keys, keys will be exportable...")
    assert device.keys.get("SSH").public_der() != old and device.keys.get("SSH").modulus == 2048
    assert "Key is exportable." in device.execute("do show crypto key mypubkey rsa SSH")


def test_generate_without_a_modulus_asks_as_ios_does() -> None:
    device = Device(seed=1)
    device.execute("configure terminal")
    assert device.execute("crypto key generate rsa label IKEv2-TP") == "% You already have RSA keys defined named IKEv2-TP.\n"
    assert device.console.prompt == "% Do you really want to replace them? [yes/no]: "
    assert device.execute("no") == "" and device.console.prompt == "sal_c8kv(config)#"
    device.execute("crypto key generate rsa label IKEv2-TP")
    assert device.execute("yes").startswith("Choose the size of the key modulus in the range of 512 to 4096")
    assert device.console.prompt == "How many bits in the modulus [2048]: "
    assert device.execute("100") == "% Key modulus must be in the range of 512 to 4096\n"
    assert device.keys.get("IKEv2-TP").generated.year == 2025  # untouched
    device.execute("crypto key generate rsa label NEW")
    assert device.execute("").startswith("% Generating 2048 bit RSA keys")
    assert device.keys.get("NEW").modulus == 2048


def test_generated_keys_follow_the_seed_and_need_a_domain_without_label() -> None:
    keys = []
    for _ in range(2):
        device = Device(seed=7)
        device.configure("crypto key generate rsa label K modulus 1024")
        keys.append(device.keys.get("K").public_der())
    assert keys[0] == keys[1]
    device = Device(seed=7)
    assert device.configure("crypto key generate rsa modulus 1024") == "% Please define a domain-name first.\n"
    device.configure("ip domain name example.com")
    assert device.configure("crypto key generate rsa modulus 1024").startswith(
        "The name for the keys will be: sal_c8kv.example.com\n")


def test_key_generation_in_a_config_file_is_reported_not_run() -> None:
    device = Device(config_text="hostname R\ncrypto key generate rsa label X modulus 1024\n", seed=1)
    assert [r.message for r in device.load_reports] == [
        "not applied: a command that acts once when typed, not a configuration line"]
    assert device.keys.get("X") is None


def _self_signed(device: Device) -> bytes:
    from datetime import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = device.keys.get("SELF").private_key
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IOS-Self-Signed-Certificate-1")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(datetime(2025, 1, 1, tzinfo=UTC))
            .not_valid_after(datetime(2030, 1, 1, tzinfo=UTC)).sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.DER)
