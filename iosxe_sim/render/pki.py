"""`show crypto pki trustpoints [status]`, `show crypto pki certificates`, `show crypto key mypubkey rsa`.

Shapes from real IOS/IOS-XE captures (docs/ios-reference-notes.md, "PKI"): two-space indents,
the trailing blanks after `Issuer:`, `Subject:` (CA), `Validity Date:` and the trustpoint name,
one DN attribute a line, most specific first.
"""

from __future__ import annotations

from iosxe_sim.pki import certificates
from iosxe_sim.pki.certificates import dn_string, fingerprint, ios_serial, ios_time, rdn_lines
from iosxe_sim.pki.keys import RsaKeyPair
from iosxe_sim.pki.trustpoints import ResolvedTrustpoint, StoredCertificate

STATE_DOTS = ("Keys generated .............", "Issuing CA authenticated .......", "Certificate request(s) .....")


def _storage(stored: StoredCertificate) -> str:
    """`Storage: nvram:CA#1CA.cer`: the issuer's CN (12 characters at most), the serial, CA or not."""
    assert stored.certificate is not None
    issuer = certificates.common_name(stored.certificate.issuer)[:12] or "IOS"
    serial = format(stored.certificate.serial_number, "X")
    return f"nvram:{issuer}#{serial}{'CA' if stored.is_ca else ''}.cer"


def _certificate(stored: StoredCertificate, trustpoints: str) -> list[str]:
    cert = stored.certificate
    assert cert is not None
    self_signed = stored.entry.kind == "self-signed"
    title = "CA Certificate" if stored.is_ca else "Router Self-Signed Certificate" if self_signed else "Certificate"
    subject = rdn_lines(cert.subject)
    name = [f"    Name: {a.split('=', 1)[1]}" for a in subject if a.startswith("hostname=")][:1]
    return [
        title,
        "  Status: Available",
        f"  Certificate Serial Number (hex): {ios_serial(cert)}",
        f"  Certificate Usage: {certificates.usage(cert)}",
        "  Issuer: ",  # "  Issuer: " (trailing blank)
        *(f"    {line}" for line in rdn_lines(cert.issuer)),
        "  Subject: " if stored.is_ca else "  Subject:",
        *name,
        *(f"    {line}" for line in subject),
        "  Validity Date: ",
        f"    start date: {ios_time(cert.not_valid_before_utc)}",
        f"    end   date: {ios_time(cert.not_valid_after_utc)}",
        f"  Associated Trustpoints: {trustpoints} ",
        f"  Storage: {_storage(stored)}",
    ]


def render_certificates(resolved: list[ResolvedTrustpoint]) -> str:
    """Router certificates first, then CA certificates, each once with every trustpoint it is in."""
    blocks: list[list[str]] = []
    seen: dict[bytes, list[str]] = {}
    order: list[StoredCertificate] = []
    for tp in resolved:
        for stored in tp.stored:
            if stored.certificate is None:
                continue
            if stored.der not in seen:
                seen[stored.der] = []
                order.append(stored)
            seen[stored.der].append(tp.name)
    order.sort(key=lambda s: s.is_ca)
    for stored in order:
        blocks.append(_certificate(stored, " ".join(seen[stored.der])))
    return "".join("\n".join(block) + "\n\n" for block in blocks)


def render_trustpoints(resolved: list[ResolvedTrustpoint]) -> str:
    out = []
    for tp in resolved:
        # Trustpoint R12CA:
        #     Subject Name: 
        #     cn=R12CA
        #           Serial Number (hex): 01
        #     Certificate configured.
        lines = [f"Trustpoint {tp.name}:"]
        ca = tp.ca_certificates[:1] or [s for s in tp.stored if s.entry.kind == "self-signed" and s.certificate]
        if ca and ca[0].certificate is not None:
            lines += ["    Subject Name: ", *(f"    {line}" for line in rdn_lines(ca[0].certificate.subject)),
                      f"          Serial Number (hex): {ios_serial(ca[0].certificate)}",
                      "    Certificate configured."]
        else:
            lines.append("    Not authenticated.")
        out.append("\n".join(lines) + "\n\n\n")
    return "".join(out)


def _status_certificate(title: str, stored: StoredCertificate) -> list[str]:
    assert stored.certificate is not None
    return [
        f"  {title} certificate configured:",
        "    Subject Name:",
        f"     {dn_string(stored.certificate.subject)}",
        f"    Fingerprint MD5: {fingerprint(stored.der, 'md5')} ",
        f"    Fingerprint SHA1: {fingerprint(stored.der, 'sha1')} ",
    ]


def render_trustpoints_status(resolved: list[ResolvedTrustpoint]) -> str:
    blocks = []
    for tp in resolved:
        lines = [f"Trustpoint {tp.name}:"]
        for ca in tp.ca_certificates[:1]:
            lines += _status_certificate("Issuing CA", ca)
        router = tp.router_certificate
        if router is not None:
            lines += _status_certificate("Router General Purpose", router)
        key = "No" if tp.key is None else (
            f"Yes (General Purpose, {'exportable' if tp.key.exportable else 'non-exportable'})")
        authenticated = "Yes" if tp.ca_certificates or (router and router.entry.kind == "self-signed") else "No"
        requests = "Yes" if router is not None else "None"
        lines += ["  State:", *(f"    {dots} {value}" for dots, value in zip(STATE_DOTS, (key, authenticated, requests)))]
        blocks.append("\n".join(lines) + "\n")
    return "\n\n".join(blocks)


def render_mypubkey_rsa(keys: list[RsaKeyPair]) -> str:
    out = []
    for pair in keys:
        # % Key pair was generated at: 16:38:25 UTC Aug 26 2021
        out.append(f"% Key pair was generated at: {ios_time(pair.generated)}\n")
        out.append(f"Key name: {pair.label}\nKey type: RSA KEYS\n Storage Device: private-config\n")
        out.append(" Usage: General Purpose Key\n")
        out.append(f" Key is {'' if pair.exportable else 'not '}exportable. Redundancy enabled.\n Key Data:\n")
        lines = certificates.hex_dump(pair.public_der())
        out.append("".join(f"  {line} \n" for line in lines[:-1]) + f"  {lines[-1]}\n")
    return "".join(out)
