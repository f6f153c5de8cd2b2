"""Rejections IOS makes when a command is applied (not syntax errors): a guard per conflict.

The reconnect restriction (docs/ios-reference-notes.md): a profile with ``reconnect`` cannot also use a pre-shared
key, because reconnect itself authenticates with the session token as PSK. Whichever of the two is
entered second is rejected; the first stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from iosxe_sim.config.model import Block, Statement

RECONNECT = "ikev2.profile.reconnect"
PSK_MESSAGE = "% IKEv2 reconnect cannot be configured with pre-shared key authentication ({offending})"


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
