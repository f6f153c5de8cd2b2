"""Cisco password hashes: verify ``enable secret`` / ``username ... secret`` values.

Type 9 is scrypt (N=16384, r=1, p=1) and type 8 PBKDF2-SHA256 (20000 iterations), both with a
14-character salt and Cisco's base64 alphabet; type 0 is clear text. IOS-XE stores a clear-text
``enable secret`` as type 9, and so do we. Type 7 is the reversible obfuscation of
``username ... password 7`` and ``service password-encryption``: a login accepts it, a secret not.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from functools import cache
from types import MappingProxyType

from iosxe_sim.config.model import RunningConfig, Statement
from iosxe_sim.parser.grammar import default_grammar

_STANDARD = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_CISCO = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_TO_CISCO = bytes.maketrans(_STANDARD, _CISCO)


def _encode(digest: bytes) -> str:
    return base64.b64encode(digest).translate(_TO_CISCO).decode().rstrip("=")


def _derive(kind: str, password: str, salt: str) -> bytes:
    if kind == "9":
        return hashlib.scrypt(password.encode(), salt=salt.encode(), n=16384, r=1, p=1, dklen=32)
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 20000, dklen=32)


def hash_secret(
    password: str, kind: str = "9", salt: str | None = None, randbelow: Callable[[int], int] | None = None
) -> str:
    """``$9$salt$hash`` (or ``$8$...``) for a clear-text password."""
    pick = randbelow or secrets.randbelow
    salt = salt or "".join(chr(_CISCO[pick(len(_CISCO))]) for _ in range(14))
    return f"${kind}${salt}${_encode(_derive(kind, password, salt))}"


_TYPE7_KEY = b"dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def encode_type7(password: str, offset: int = 0) -> str:
    """Type 7: two decimal digits of key offset, then each byte XORed with the key, in hex."""
    data = password.encode()
    return f"{offset:02d}" + "".join(
        f"{byte ^ _TYPE7_KEY[(offset + i) % len(_TYPE7_KEY)]:02X}" for i, byte in enumerate(data))


def decode_type7(stored: str) -> str | None:
    """The clear text behind a type 7 string, or None when it is not one."""
    if len(stored) < 2 or len(stored) % 2 or not stored[:2].isdigit():
        return None
    try:
        data = bytes.fromhex(stored[2:])
    except ValueError:
        return None
    offset = int(stored[:2])
    clear = bytes(byte ^ _TYPE7_KEY[(offset + i) % len(_TYPE7_KEY)] for i, byte in enumerate(data))
    return clear.decode(errors="replace")


def verify_login(password: str, kind: str, stored: str) -> bool:
    """A ``username`` line's check: its secret types, and the reversible type 7 of ``password 7``."""
    if kind == "7":
        clear = decode_type7(stored)
        return clear is not None and hmac.compare_digest(password.encode(), clear.encode())
    return verify(password, kind, stored)


def verify(password: str, kind: str, stored: str) -> bool:
    """Does ``password`` match a secret stored with encryption type ``kind``?"""
    if kind == "0":
        return hmac.compare_digest(password.encode(), stored.encode())
    if kind in ("8", "9"):
        parts = stored.split("$")
        if len(parts) != 4 or parts[1] != kind:
            return False
        expected = hash_secret(password, kind, parts[2])
        return hmac.compare_digest(expected.encode(), stored.encode())
    if kind == "5":
        parts = stored.split("$")
        return len(parts) == 4 and parts[1] == "1" and hmac.compare_digest(
            md5_crypt(password, parts[2]).encode(), stored.encode()
        )
    return False  # type 7 (reversible, `enable password 7`) is no secret type: refused


def md5_crypt(password: str, salt: str) -> str:
    """Type 5: FreeBSD MD5-crypt (``$1$salt$hash``), as ``enable secret 5`` stores it."""
    secret, salt_bytes = password.encode(), salt.encode()[:8]
    final = hashlib.md5(secret + salt_bytes + secret).digest()
    context = secret + b"$1$" + salt_bytes
    for remaining in range(len(secret), 0, -16):
        context += final[: min(16, remaining)]
    bits = len(secret)
    while bits:
        context += b"\x00" if bits & 1 else secret[:1]
        bits >>= 1
    final = hashlib.md5(context).digest()
    for round_ in range(1000):
        step = (secret if round_ & 1 else final) + (salt_bytes if round_ % 3 else b"")
        step += (secret if round_ % 7 else b"") + (final if round_ & 1 else secret)
        final = hashlib.md5(step).digest()
    groups = ((0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5))
    encoded = "".join(_to64((final[a] << 16) | (final[b] << 8) | final[c], 4) for a, b, c in groups)
    return f"$1${salt_bytes.decode(errors='replace')}${encoded}{_to64(final[11], 2)}"


def _to64(value: int, count: int) -> str:
    out = ""
    for _ in range(count):
        out += chr(_CISCO[value & 0x3F])
        value >>= 6
    return out


_ALGORITHM_TYPES = {"md5": "5", "sha256": "8", "scrypt": "9"}  # `algorithm-type X secret` stores type N
PASSWORD_HANDLERS = frozenset({"global.enable_secret", "global.enable_password", "global.username", "global.service"})


def keep(config: RunningConfig, statement: Statement, randbelow: Callable[[int], int] | None = None) -> Statement:
    """The form IOS-XE keeps of a line that carries a password (the loader's only call here).

    Clear-text secrets are hashed (type 9, or what ``algorithm-type`` chooses); under ``service
    password-encryption`` clear-text passwords become type 7, and turning the service on encrypts
    those already configured, as IOS does (turning it off decrypts nothing).
    """
    if statement.negated:
        return statement
    handler = statement.handler
    if handler == "global.enable_secret":
        return stored_enable_secret(statement, randbelow)
    if handler == "global.username":
        return _stored_username(statement, _encrypting(config), randbelow)
    if handler == "global.enable_password" and _encrypting(config):
        return _type7(statement, "password", "enable password")
    if handler == "global.service" and statement.args.get("name") == "password-encryption":
        _encrypt_configured(config)
    return statement


def stored_enable_secret(statement: Statement, randbelow: Callable[[int], int] | None = None) -> Statement:
    """IOS-XE never stores a clear-text ``enable secret``: type 0 becomes a type 9 hash (or the
    type ``algorithm-type`` chooses); the algorithm is not kept, the type says it."""
    args = dict(statement.args)
    algorithm = args.pop("algorithm", None)
    given = str(args.get("type", "0"))
    if given == "0":
        given, args["secret"] = _hashed(str(args["secret"]), algorithm, randbelow)
    args["type"] = given
    return Statement(statement.command, MappingProxyType(args), f"enable secret {given} {args['secret']}", statement.line)


def _hashed(clear: str, algorithm: object, randbelow: Callable[[int], int] | None) -> tuple[str, str]:
    """(type, hash) of a clear-text secret: type 9 unless ``algorithm-type`` chose md5 or sha256."""
    kind = _ALGORITHM_TYPES.get(str(algorithm), "9")
    if kind == "5":
        salt = "".join(chr(_CISCO[(randbelow or secrets.randbelow)(len(_CISCO))]) for _ in range(8))
        return kind, md5_crypt(clear, salt)
    return kind, hash_secret(clear, kind, randbelow=randbelow)


def _stored_username(statement: Statement, encrypting: bool, randbelow: Callable[[int], int] | None) -> Statement:
    args = dict(statement.args)
    algorithm = args.pop("algorithm", None)
    kind, given = str(args["kind"]), str(args.get("type", "0"))
    clear = str(args["password"])
    if kind == "secret" and given == "0":
        given, clear = _hashed(clear, algorithm, randbelow)
    elif kind == "password" and given == "0" and encrypting:
        given, clear = "7", encode_type7(clear, (randbelow or secrets.randbelow)(16))
    args.update(type=given, password=clear)
    level = f" privilege {args['level']}" if "level" in args else ""
    text = f"username {args['name']}{level} {kind} {given} {clear}"
    return Statement(statement.command, MappingProxyType(args), text, statement.line)


def _type7(statement: Statement, name: str, prefix: str) -> Statement:
    if str(statement.args.get("type", "0")) != "0":
        return statement
    encoded = encode_type7(str(statement.args[name]))
    args = MappingProxyType({**statement.args, "type": "7", name: encoded})
    return Statement(statement.command, args, f"{prefix} 7 {encoded}", statement.line)


def _encrypting(config: RunningConfig) -> bool:
    """Is ``service password-encryption`` on? One index lookup: a config may hold many users."""
    found = config.items.index.get((_service_command_id(), "password-encryption"))
    return found is not None and not found.negated


@cache
def _service_command_id() -> str:
    return next(command.id for command in default_grammar().modes["config"].commands
                if command.handler == "global.service" and "password-encryption" in command.id)


def _encrypt_configured(config: RunningConfig) -> None:
    for item in list(config.items):
        if isinstance(item, Statement) and not item.negated:
            if item.handler == "global.username":
                config.items.put(item.identity, _stored_username(item, True, None))
            elif item.handler == "global.enable_password":
                config.items.put(item.identity, _type7(item, "password", "enable password"))
