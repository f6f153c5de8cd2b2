"""`show crypto ikev2 session` and `show crypto ikev2 session detailed`.

Decisions where the sources disagree:
- The child SA block uses the seed's 17.16 form (`Child sa: local selector ...` then
  `          remote selector ...`), not the `local selector -> remote selector` table of the genie
  17.x samples. The seed's web copy collapsed blank runs; the two blanks after `local selector`
  that align both selectors come from show_crypto_ikev2_session__01, as do the two trailing blanks
  of `ESP spi in/out:` (also in show_crypto_ikev2_session_detailed__01, with `AH spi`/`CPI`).
- `Session-id:N` in the session header is the IKE SA's Session-id. The seed's second capture shows
  `Session-id:39` above `Session-id: 17`, two captures pasted together; one state prints one number.
- The brief form carries `CE id:` and `Local spi:` like 17.x (show_crypto_ikev2_session__02) and
  only the selectors and ESP SPIs of each child SA (show_crypto_ikev2_session__01).
- Each child SA block ends with a blank line (show_crypto_ikev2_session_detailed__01); a session
  without child SAs still ends with one.
"""

from __future__ import annotations

from collections.abc import Sequence

from iosxe_sim.engine.interrupt import interruptible
from iosxe_sim.engine.state import ChildSa, CryptoSession
from iosxe_sim.render.common import hex_spi, selector_text
from iosxe_sim.render.ikev2 import (
    TABLE_HEADER,
    detail_lines,
    spi_line,
    status_description_line,
    summary_lines,
    tunnel_row,
)

IPV4_SESSION_HEADER = " IPv4 Crypto IKEv2 Session \n\n"
IPV6_SESSION_HEADER = " IPv6 Crypto IKEv2 Session \n\n"


def render_ikev2_session(sessions: Sequence[CryptoSession], now: float) -> str:
    """`show crypto ikev2 session`."""
    blocks = []
    for session in interruptible(sessions):
        sa = session.ike_sa
        body = summary_lines(sa, now) + spi_line(sa)
        children = "".join(_child_selectors(child) + "\n" for child in sa.child_sas)
        blocks.append(_session_block(session, body, children))
    return IPV4_SESSION_HEADER + "".join(blocks) + IPV6_SESSION_HEADER


def render_ikev2_session_detailed(sessions: Sequence[CryptoSession], now: float) -> str:
    """`show crypto ikev2 session detailed`."""
    blocks = []
    for session in interruptible(sessions):
        sa = session.ike_sa
        body = summary_lines(sa, now) + status_description_line(sa) + spi_line(sa) + detail_lines(sa)
        children = "".join(_child_selectors(child) + _child_details(child) + "\n" for child in sa.child_sas)
        blocks.append(_session_block(session, body, children))
    return IPV4_SESSION_HEADER + "".join(blocks) + IPV6_SESSION_HEADER


def _session_block(session: CryptoSession, body: str, children: str) -> str:
    sa = session.ike_sa
    return (
        # Session-id:16, Status:UP-ACTIVE, IKE count:1, CHILD count:1
        "Session-id:%d, Status:%s, IKE count:1, CHILD count:%d\n\n"
        % (sa.session_id, session.status.value, len(sa.child_sas))
        + TABLE_HEADER
        + tunnel_row(sa)
        + body
        + (children or "\n")
    )


def _child_selectors(child: ChildSa) -> str:
    return (
        # Child sa: local selector  10.1.0.16/0 - 10.1.0.16/65535
        "Child sa: local selector  %s\n" % selector_text(child.local_selector)
        # "          remote selector 10.1.0.13/0 - 10.1.0.13/65535"
        + "          remote selector %s\n" % selector_text(child.remote_selector)
        # "          ESP spi in/out: 0x2BDAB8F7/0xFDC96FDB  "
        + "          ESP spi in/out: %s/%s  \n" % (hex_spi(child.spi_in), hex_spi(child.spi_out))
    )


def _child_details(child: ChildSa) -> str:
    hmac = "None" if child.integrity is None else child.integrity.display
    return (
        # "          AH spi in/out: 0x0/0x0  "
        "          AH spi in/out: 0x0/0x0  \n"
        # "          CPI in/out: 0x0/0x0  "
        "          CPI in/out: 0x0/0x0  \n"
        # "          Encr: AES-CBC, keysize: 256, esp_hmac: SHA256"
        + "          Encr: %s, keysize: %d, esp_hmac: %s\n"
        % (child.encryption.cipher, child.encryption.key_bits, hmac)
        # "          ah_hmac: None, comp: IPCOMP_NONE, mode tunnel"
        + "          ah_hmac: None, comp: IPCOMP_NONE, mode %s\n" % child.mode.value
    )
