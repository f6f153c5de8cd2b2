"""PKI, step one: the default device's trustpoint IKEv2-TP has a real RSA key pair and a chain (the
lab CA and the gateway certificate) kept in the running-config as IOS keeps it, hex dumps and quit."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from grammar_fixtures import grammar, load

from iosxe_sim.config.nvgen import render_running_config
from iosxe_sim.device import Device, private_config_path
from iosxe_sim.pki import certificates
from iosxe_sim.pki.keys import KeyStore, RsaKeyPair, generate_rsa
from iosxe_sim.pki.trustpoints import resolve

NOW = datetime(2025, 3, 13, 1, 0, tzinfo=UTC)


def lab_ca() -> x509.Certificate:
    pem = resources.files("iosxe_sim.examples").joinpath("default-device/lab-ca.pem").read_bytes()
    return x509.load_pem_x509_certificate(pem)


def test_the_default_trustpoint_has_a_key_and_a_chain_that_verifies() -> None:
    device = Device(seed=1)
    resolved = resolve(device.view().pki["IKEv2-TP"], device.keys)
    assert resolved.key is not None and resolved.key.modulus == 2048
    router = resolved.router_certificate
    assert router is not None and router.certificate is not None
    assert [s.entry.kind for s in resolved.stored] == ["", "ca"]
    assert resolved.signing_problem() is None  # the certificate is the key's
    issuers = [s.certificate for s in resolved.ca_certificates if s.certificate is not None]
    assert certificates.verify_chain(router.certificate, issuers, [lab_ca()], NOW).ok
    assert certificates.common_name(router.certificate.subject) == "sal_c8kv.example.com"


def test_the_chain_is_written_as_ios_writes_it() -> None:
    lines = Device(seed=1).running_config().splitlines()
    start = lines.index("crypto pki certificate chain IKEv2-TP")
    assert lines[start + 1] == " certificate 02"
    dump = lines[start + 2 : lines.index("  \tquit", start)]
    assert all(line.startswith("  ") and not line.endswith(" ") for line in dump)
    assert all(len(line.split()) == 8 for line in dump[:-1]) and 1 <= len(dump[-1].split()) <= 8
    assert all(len(word) == 8 for line in dump[:-1] for word in line.split())
    ca = lines.index(" certificate ca 01", start)
    assert lines[ca - 1] == "  \tquit" and lines[lines.index("  \tquit", ca) + 1] == "!"


def test_the_default_device_round_trips_with_its_chain() -> None:
    device = Device(seed=1)
    text = device.running_config()
    again = load(text)
    assert again.config == device.config
    assert render_running_config(again.config, grammar()) == text


def test_a_certificate_typed_at_the_console_is_read_up_to_quit() -> None:
    device = Device(seed=1)
    der = Device(seed=1).view().pki["IKEv2-TP"].chain[1].hex
    console = device.console
    console.execute("configure terminal")
    console.execute("crypto pki certificate chain TEST")
    assert console.execute("certificate ca 0A") == "Enter the certificate in hexidecimal representation....\n"
    assert console.prompt == "sal_c8kv(config-pubkey)#"
    for n in range(0, len(der), 64):
        assert console.execute(" ".join(der[k : k + 8] for k in range(n, min(n + 64, len(der)), 8))) == ""
    assert console.execute("quit") == ""
    assert console.prompt == "sal_c8kv(config-cert-chain)#"
    chain = next(b for b in device.config.blocks("pki.certificate_chain") if b.name == "TEST")
    assert [str(s.args["hex"]) for s in chain.statements("pki.certificate")] == [der]


def test_a_hex_dump_that_is_not_whole_bytes_is_refused() -> None:
    device = Device(seed=1)
    out = device.configure_lines(["crypto pki certificate chain T", "certificate 05", "ABC", "quit"])
    assert out[-1] == "% Certificate 05: the hex dump is not whole bytes of hex digits\n"


def test_a_dump_without_quit_ends_at_the_next_command() -> None:
    result = load("crypto pki certificate chain T\n certificate 02\n  3082\n  0101\nhostname R2\n")
    assert result.reports == []
    assert result.config.first("global.hostname").args["hostname"] == "R2"
    chain = result.config.blocks("pki.certificate_chain")[0]
    assert chain.statements("pki.certificate")[0].args["hex"] == "30820101"


def test_write_memory_keeps_the_keys_beside_the_startup_config(tmp_path: Path) -> None:
    startup = tmp_path / "startup-config"
    device = Device(seed=1, startup_path=startup)
    device.keys.put(RsaKeyPair("SSH", generate_rsa(1024, b"t"), NOW))
    device.execute("write memory")
    private = private_config_path(startup)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    again = Device(seed=1, startup_path=startup)
    assert sorted(again.keys.keys) == ["IKEv2-TP", "SSH"]
    assert again.keys.get("SSH").public_der() == device.keys.get("SSH").public_der()


def test_seeded_keys_are_reproducible_and_the_store_round_trips() -> None:
    one, two = generate_rsa(1024, b"seed"), generate_rsa(1024, b"seed")
    assert one.private_numbers() == two.private_numbers()
    assert one.private_numbers() != generate_rsa(1024, b"other").private_numbers()
    store = Device(seed=1).keys
    assert KeyStore.from_text(store.to_text()).keys["IKEv2-TP"].public_der() == store.keys["IKEv2-TP"].public_der()


def test_a_certificate_whose_issuer_only_shares_the_ca_name_does_not_verify() -> None:
    """The chain check verifies each signature with its issuer's key: an impostor CA with the lab
    CA's name (a key of its own) issues nothing the client trusts."""
    anchor = lab_ca()
    impostor, key = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name.from_rfc4514_string("CN=gateway"))
        .issuer_name(anchor.subject)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=1))
        .sign(impostor, hashes.SHA256())
    )
    check = certificates.verify_chain(leaf, [], [anchor], NOW)
    assert not check.ok and "does not verify" in check.reason
