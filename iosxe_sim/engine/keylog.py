"""Every IKE and child SA's keys, for Wireshark's decryption tables (a lab feature, never shown
by an IOS command).

Wireshark reads two preference files (its UATs): `ikev2_decryption_table` - initiator SPI,
responder SPI, SK_ei, SK_er, encryption, SK_ai, SK_ar, integrity - and `esp_sa` - protocol,
source, destination, SPI, encryption, key, authentication, key. Algorithm names are Wireshark's
own value strings (epan/dissectors/packet-isakmp.c and packet-esp.c); see docs/wire.md.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from iosxe_sim.engine.ikev2_crypto import Encryption, IkeKeys, Integrity
from iosxe_sim.engine.wire.esp import EspSa

KEYLOG_LIMIT = 4096  # SAs remembered (oldest forgotten first)

IKE_ENCRYPTION = {
    Encryption.AES_CBC_128: "AES-CBC-128 [RFC3602]",
    Encryption.AES_CBC_192: "AES-CBC-192 [RFC3602]",
    Encryption.AES_CBC_256: "AES-CBC-256 [RFC3602]",
    Encryption.AES_GCM_128: "AES-GCM-128 with 16 octet ICV [RFC5282]",
    Encryption.AES_GCM_256: "AES-GCM-256 with 16 octet ICV [RFC5282]",
}
IKE_INTEGRITY = {
    None: "NONE [RFC4306]",
    Integrity.MD5: "HMAC_MD5_96 [RFC2403]",
    Integrity.SHA1: "HMAC_SHA1_96 [RFC2404]",
    Integrity.SHA256: "HMAC_SHA2_256_128 [RFC4868]",
    Integrity.SHA384: "HMAC_SHA2_384_192 [RFC4868]",
    Integrity.SHA512: "HMAC_SHA2_512_256 [RFC4868]",
}
ESP_ENCRYPTION = {
    Encryption.AES_CBC_128: "AES-CBC [RFC3602]",
    Encryption.AES_CBC_192: "AES-CBC [RFC3602]",
    Encryption.AES_CBC_256: "AES-CBC [RFC3602]",
    Encryption.AES_GCM_128: "AES-GCM with 16 octet ICV [RFC4106]",
    Encryption.AES_GCM_256: "AES-GCM with 16 octet ICV [RFC4106]",
}
ESP_AUTHENTICATION = {
    None: "NULL",
    Integrity.MD5: "HMAC-MD5-96 [RFC2403]",
    Integrity.SHA1: "HMAC-SHA-1-96 [RFC2404]",
    Integrity.SHA256: "HMAC-SHA-256-128 [RFC4868]",
    Integrity.SHA384: "HMAC-SHA-384-192 [RFC4868]",
    Integrity.SHA512: "HMAC-SHA-512-256 [RFC4868]",
}


@dataclass(frozen=True)
class IkeSaKeys:
    spi_i: int
    spi_r: int
    encryption: Encryption
    integrity: Integrity | None
    keys: IkeKeys = field(repr=False)

    def uat_line(self) -> str:
        k = self.keys
        return ",".join((
            f"{self.spi_i:016x}", f"{self.spi_r:016x}", k.sk_ei.hex(), k.sk_er.hex(),
            f'"{IKE_ENCRYPTION[self.encryption]}"', k.sk_ai.hex(), k.sk_ar.hex(),
            f'"{IKE_INTEGRITY[self.integrity]}"',
        ))


@dataclass(frozen=True)
class EspSaKeys:
    source: IPv4Address
    destination: IPv4Address
    spi: int
    encryption: Encryption
    key: bytes = field(repr=False)
    integrity: Integrity | None = None
    auth_key: bytes = field(default=b"", repr=False)

    def uat_line(self) -> str:
        auth_key = f"0x{self.auth_key.hex()}" if self.auth_key else ""
        return ",".join((
            '"IPv4"', f'"{self.source}"', f'"{self.destination}"', f'"0x{self.spi:08x}"',
            f'"{ESP_ENCRYPTION[self.encryption]}"', f'"0x{self.key.hex()}"',
            f'"{ESP_AUTHENTICATION[self.integrity]}"', f'"{auth_key}"',
        ))


class KeyLog:
    """The SAs of the gateway's recent past, oldest first."""

    def __init__(self) -> None:
        self.ike: deque[IkeSaKeys] = deque(maxlen=KEYLOG_LIMIT)
        self.esp: deque[EspSaKeys] = deque(maxlen=2 * KEYLOG_LIMIT)

    def add_ike(self, spi_i: int, spi_r: int, encryption: Encryption, integrity: Integrity | None, keys: IkeKeys) -> None:
        self.ike.append(IkeSaKeys(spi_i, spi_r, encryption, integrity, keys))

    def add_child(self, local: IPv4Address, peer: IPv4Address, inbound: EspSa, outbound: EspSa) -> None:
        """A child SA pair as the outer packets carry it: peer -> us with our inbound SPI."""
        for source, destination, sa in ((peer, local, inbound), (local, peer, outbound)):
            self.esp.append(EspSaKeys(source, destination, sa.spi, sa.encryption, sa.key, sa.integrity, sa.auth_key))

    def ikev2_decryption_table(self) -> str:
        return "".join(entry.uat_line() + "\n" for entry in self.ike)

    def esp_sa_table(self) -> str:
        return "".join(entry.uat_line() + "\n" for entry in self.esp)
