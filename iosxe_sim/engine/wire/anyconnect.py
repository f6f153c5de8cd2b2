"""AnyConnect-EAP aggregate authentication: the XML the EAP messages carry.

The shapes follow Cisco's aggregate-auth protocol as documented by OpenConnect's protocol notes
(`config-auth` documents of type init, auth-request, auth-reply, complete); the element set is
the part this emulator needs. EAP rounds of a first connect (five IKE_AUTH exchanges in all):
hello -> init, auth-request -> auth-reply (user and password), complete -> ack, EAP Success.
"""

from __future__ import annotations

from xml.parsers import expat
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
    """(document type, text of each element by tag - the text before its first child, the last
    element of a tag winning) of a config-auth document. Read with expat directly: the gateway
    parses three of these per connect, and a tree is not needed."""
    fields: dict[str, str] = {}
    open_tags: list[list] = []  # [tag, still collecting its text]
    kind: list[str] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if not open_tags:
            if tag != "config-auth":
                raise WireError("AnyConnect XML is not a config-auth document")
            kind.append(attributes.get("type", ""))
        else:
            open_tags[-1][1] = False
        fields[tag] = ""
        open_tags.append([tag, True])

    def end(tag: str) -> None:
        open_tags.pop()

    def text(data: str) -> None:
        if open_tags and open_tags[-1][1]:
            fields[open_tags[-1][0]] += data

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise WireError(f"AnyConnect XML: {exc}") from exc
    if not kind:
        raise WireError("AnyConnect XML without a document element")
    return kind[0], fields
