"""PKI commands: the show commands over trustpoints and keys, and `crypto key generate rsa`
(typed in configuration mode; IOS keeps the keys in private-config, not in the running-config)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.parser.match import Args
from iosxe_sim.pki.keys import DEFAULT_MODULUS, MODULUS_RANGE, RsaKeyPair, generate_rsa
from iosxe_sim.pki.trustpoints import ResolvedTrustpoint, resolve
from iosxe_sim.render.pki import (
    render_certificates,
    render_mypubkey_rsa,
    render_trustpoints,
    render_trustpoints_status,
)

if TYPE_CHECKING:
    from iosxe_sim.session import Session

MODULUS_QUESTION = (
    f"Choose the size of the key modulus in the range of {MODULUS_RANGE[0]} to {MODULUS_RANGE[1]} for your\n"
    "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
    "  a few minutes.\n\n"
)
BITS_PROMPT = f"How many bits in the modulus [{DEFAULT_MODULUS}]: "
REPLACE_PROMPT = "% Do you really want to replace them? [yes/no]: "


def trustpoints(session: Session, name: object | None) -> list[ResolvedTrustpoint] | None:
    """The trustpoints a show names (all when None), resolved; None when the name is unknown."""
    device = session.device
    pki = device.view().pki
    if name is not None and str(name) not in pki:
        return None
    chosen = [pki[str(name)]] if name is not None else list(pki.values())
    return [resolve(tp, device.keys) for tp in chosen]


@exec_handler("show.crypto_pki_trustpoints")
def show_trustpoints(session: Session, args: Args) -> str:
    found = trustpoints(session, args.get("trustpoint"))
    if found is None:
        return f"% Trustpoint {args['trustpoint']} not found\n"  # emulator-defined wording
    return render_trustpoints_status(found) if "status" in args else render_trustpoints(found)


@exec_handler("show.crypto_pki_certificates")
def show_certificates(session: Session, args: Args) -> str:
    found = trustpoints(session, args.get("trustpoint"))
    return "" if found is None else render_certificates(found)


@exec_handler("show.crypto_key_mypubkey_rsa")
def show_mypubkey_rsa(session: Session, args: Args) -> str:
    keys = list(session.device.keys.keys.values())
    if "label" in args:
        keys = [k for k in keys if k.label == str(args["label"])]
    return render_mypubkey_rsa(keys)


@exec_handler("action.crypto_key_generate_rsa")
def crypto_key_generate_rsa(session: Session, args: Args) -> str:
    """IOS-XE's dialogue: the name, the replace question (only without `modulus`), the size question
    (only without `modulus`), then `% Generating N bit RSA keys ... [OK]`."""
    device = session.device
    label = str(args["label"]) if "label" in args else _fqdn(session)
    if label is None:
        return "% Please define a domain-name first.\n"
    exportable = "exportable" in args
    modulus = int(str(args["modulus"])) if "modulus" in args else None

    def generate(bits: int) -> str:
        seed = None if device.seed is None else device.random.token_bytes(32)
        device.keys.put(RsaKeyPair(label, generate_rsa(bits, seed), device.clock.datetime_now(), exportable))
        kind = "exportable" if exportable else "non-exportable"
        return f"% Generating {bits} bit RSA keys, keys will be {kind}...\n[OK] (elapsed time was 0 seconds)\n\n"

    def ask_bits() -> str:
        session.ask(BITS_PROMPT, bits_answer)
        return MODULUS_QUESTION

    def bits_answer(answer: str) -> str:
        bits = DEFAULT_MODULUS if not answer else int(answer) if answer.isdigit() else 0
        if not MODULUS_RANGE[0] <= bits <= MODULUS_RANGE[1]:
            return f"% Key modulus must be in the range of {MODULUS_RANGE[0]} to {MODULUS_RANGE[1]}\n"
        return generate(bits)

    if device.keys.get(label) is not None:
        said = f"% You already have RSA keys defined named {label}.\n"
        if modulus is not None:
            return said + f"% They will be replaced.\n\n% The key modulus size is {modulus} bits\n" + generate(modulus)
        return said + _ask(session, REPLACE_PROMPT, lambda a: ask_bits() if a.lower() in ("y", "yes") else "")
    said = f"The name for the keys will be: {label}\n"
    if modulus is not None:
        return said + f"\n% The key modulus size is {modulus} bits\n" + generate(modulus)
    return said + ask_bits()


def _ask(session: Session, question: str, answer: Callable[[str], str]) -> str:
    session.ask(question, answer)
    return ""


def _fqdn(session: Session) -> str | None:
    """The default label: hostname.domain (`ip domain name X` is kept verbatim in the config)."""
    for block in session.device.config.verbatim:
        words = block.lines[0].split()
        if words[:3] == ["ip", "domain", "name"] and len(words) == 4 or words[:2] == ["ip", "domain-name"] and len(words) == 3:
            return f"{session.device.name}.{words[-1]}"
    return None
