"""AnyConnect-EAP aggregate authentication: the XML the EAP messages carry.

The shapes follow Cisco's aggregate-auth protocol as documented by OpenConnect's protocol notes
(`config-auth` documents of type init, auth-request, auth-reply, complete); the element set is
the part this emulator needs. EAP rounds of a first connect (five IKE_AUTH exchanges in all):
hello -> init, auth-request -> auth-reply (user and password), complete -> ack, EAP Success.
"""

from __future__ import annotations

from xml.etree import ElementTree
from xml.sax.saxutils import escape

from iosxe_sim.engine.wire.codec import WireError

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
CLIENT_VERSION = "5.1.2.42"


def _doc(kind: str, body: str = "") -> bytes:
    return f'{_HEAD}<config-auth client="vpn" type="{kind}">{body}</config-auth>'.encode()


def hello() -> bytes:
    return _doc("hello", '<version who="sg">17.16</version>')


def init(gateway: str) -> bytes:
    return _doc(
        "init",
        f'<version who="vpn">{CLIENT_VERSION}</version><device-id>linux-64</device-id>'
        f"<group-access>https://{escape(gateway)}</group-access>",
    )


def auth_request() -> bytes:
    return _doc(
        "auth-request",
        '<auth id="main"><form><input type="text" name="username" label="Username:"></input>'
        '<input type="password" name="password" label="Password:"></input></form></auth>',
    )


def auth_reply(username: str, password: str) -> bytes:
    return _doc("auth-reply", f"<auth><username>{escape(username)}</username><password>{escape(password)}</password></auth>")


def complete() -> bytes:
    return _doc("complete", '<auth id="success"><message>Success</message></auth>')


def ack() -> bytes:
    return _doc("ack")


def parse(data: bytes) -> tuple[str, dict[str, str]]:
    """(document type, text of each element by tag) of a config-auth document."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise WireError(f"AnyConnect XML: {exc}") from exc
    if root.tag != "config-auth":
        raise WireError("AnyConnect XML is not a config-auth document")
    return root.get("type", ""), {element.tag: element.text or "" for element in root.iter()}
