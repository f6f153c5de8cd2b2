"""Rejections IOS makes when a command is applied (not syntax errors): a guard per conflict.

Values IOS refuses although they parse (a reversed pool range, a hostname with characters a name
cannot hold) are checked by one function each, which the console and the linter both call.

The reconnect restriction (docs/ios-reference-notes.md): a profile with ``reconnect`` cannot also use a pre-shared
key, because reconnect itself authenticates with the session token as PSK. Whichever of the two is
entered second is rejected; the first stays.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass

from iosxe_sim.config.model import Block, Statement

RECONNECT = "ikev2.profile.reconnect"
HOSTNAME_MAX = 63
_HOSTNAME = re.compile(r"[A-Za-z0-9_-]+")  # letters, digits, hyphen (and the underscore IOS-XE accepts)
CERTIFICATE = "pki.certificate"  # a certificate's hex dump in `crypto pki certificate chain`
_HEX = re.compile(r"(?:[0-9A-F]{2})+")
PSK_MESSAGE = "% IKEv2 reconnect cannot be configured with pre-shared key authentication ({offending})"
INVALID_RANGE = "% Invalid range: "  # how a reversed `ip local pool` range is refused
HOSTNAME_REFUSED = "% Hostname "  # how each of the hostname rules' refusals begins


def uses_psk(statement: Statement) -> bool:
    """Is this ikev2-profile statement one of the five the reconnect restriction names?"""
    handler, method = statement.handler, statement.args.get("method")
    if handler in ("ikev2.profile.authentication_local", "ikev2.profile.authentication_remote"):
        return method == "pre-share"
    if handler in ("ikev2.profile.aaa_authorization_group", "ikev2.profile.aaa_authorization_user"):
        return method == "psk"
    return handler == "ikev2.profile.keyring"


@dataclass(frozen=True)
class Rejection:
    message: str
    conflicting: Statement | None  # the line it conflicts with, when there is one


def check(block: Block | None, statement: Statement) -> Rejection | None:
    """The rejection of ``statement`` entered into ``block``, or None when it may be applied."""
    if statement.handler == CERTIFICATE and not statement.negated:
        return certificate_problem(statement)
    if block is None or block.mode != "ikev2-profile" or statement.negated:
        return None
    if statement.handler == RECONNECT:
        conflicting = [c for c in block.children if isinstance(c, Statement) and not c.negated and uses_psk(c)]
    elif uses_psk(statement):
        conflicting = block.statements(RECONNECT)
    else:
        return None
    if not conflicting:
        return None
    offending = statement if statement.handler != RECONNECT else conflicting[0]
    return Rejection(PSK_MESSAGE.format(offending=offending.text), conflicting[0])


def certificate_problem(statement: Statement) -> Rejection | None:
    """A certificate's hex dump must be whole bytes of hex (emulator-defined message); whether the
    bytes are an X.509 certificate is for lint (`pki/certificate`) and the show commands."""
    if _HEX.fullmatch(str(statement.args.get("hex", ""))):
        return None
    return Rejection(f"% Certificate {statement.args['serial']}: the hex dump is not whole bytes of hex digits", None)


def pool_range_problem(name: str, start: ipaddress.IPv4Address, end: ipaddress.IPv4Address) -> str | None:
    """``ip local pool NAME FIRST LAST`` must run low to high (a reversed range holds nothing)."""
    if start > end:
        return f"pool {name}: first address {start} is above last address {end}"
    return None


def hostname_problem(name: str) -> str | None:
    """IOS's rules for a hostname: at most 63 letters, digits, hyphens (or underscores), starting
    with a letter or digit; it becomes the prompt, so nothing else may reach the terminal."""
    if len(name) > HOSTNAME_MAX:
        return f"% Hostname should be at most {HOSTNAME_MAX} characters"
    if not _HOSTNAME.fullmatch(name) or not name[0].isalnum():
        return "% Hostname contains one or more illegal characters."
    return None


def value_problem(handler: str, args: Mapping[str, object]) -> str | None:
    """The % message for a typed line whose values IOS refuses, or None."""
    if handler == "global.hostname":
        return hostname_problem(str(args["hostname"]))
    if handler == "pool.ip_local_pool" and "end" in args:
        problem = pool_range_problem(str(args["name"]), ipaddress.IPv4Address(str(args["start"])),
                                     ipaddress.IPv4Address(str(args["end"])))
        return None if problem is None else INVALID_RANGE + problem
    return None
