"""The Secure Client's DART-style log: what the client side says about connects and reconnects.

Texts quoted in the seed ("The IPsec connection to the secure gateway has been established.",
"Session level reconnect reason code 9: ...", "Using IKE ID '...' for reconnect", "Connected to
IKEv2_Gateway.") are reproduced; the others (marked EMULATOR) are ours, in the same style. Entries
render in DART's block layout (Date/Time/Type/Source, then Description). Tokens never appear here.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime
from enum import Enum
from typing import NamedTuple

from iosxe_sim.engine.client_profile import ClientProfile

DART_HISTORY = 2048
_RULE = "*" * 42


class DartType(Enum):
    INFORMATION = "Information"
    WARNING = "Warning"
    ERROR = "Error"


class DartSource(Enum):
    AGENT = "acvpnagent"
    UI = "acvpnui"


# Seed texts.
ESTABLISHED = "The IPsec connection to the secure gateway has been established."
RESUMING = "Client Agent continuing from system suspend."
RESUME_REASON = (
    "Session level reconnect reason code 9:\n"
    "System resume from suspend mode (Sleep, Stand-by, Hibernate, etc).\n"
    "originates from session level"
)
USER_MESSAGE = "Message type information sent to the user:\n%s"
CONNECTED = "Connected to %s."
RECONNECTING = "Reconnecting to %s..."
USING_IKE_ID = (
    "Function: CIPsecProtocol::initiateTunnel\nFile: IPsecProtocol.cpp\nLine: 613\n"
    "Using IKE ID '%s' for reconnect"
)
# EMULATOR texts.
NETWORK_CHANGE_REASON = "Session level reconnect: the network interface or address changed."
LOST_SA_REASON = "Session level reconnect: the secure gateway no longer knows the IPsec connection."
USER_RECONNECT_REASON = "Session level reconnect requested by the user."
RECONNECT_FAILED = "The secure gateway refused to resume the session (%s). Full authentication follows."
LOGIN_FAILED = "Login failed."
CONNECT_FAILED = "The VPN connection to %s failed (%s)."
DISCONNECTED = "Disconnected from %s."
SUSPEND_DISCONNECT = (
    "The VPN connection was disconnected because the system is suspending (DisconnectOnSuspend)."
)
GATEWAY_TERMINATED = "The secure gateway has terminated the VPN connection."
PROFILE_REJECTED = "The profile received from the secure gateway was not applied: %s"


class DartEntry(NamedTuple):
    """One entry of a client's DART log (a tuple: a client writes a handful per connect)."""

    at: datetime
    type: DartType
    source: DartSource
    description: str

    def render(self) -> str:
        return (
            f"Date        : {self.at:%m/%d/%Y}\n"
            f"Time        : {self.at:%H:%M:%S}\n"
            f"Type        : {self.type.value}\n"
            f"Source      : {self.source.value}\n"
            "\n"
            f"Description : {self.description}\n"
        )


class DartLog:
    def __init__(self) -> None:
        self.entries: deque[DartEntry] = deque(maxlen=DART_HISTORY)

    def add(
        self, at: datetime, source: DartSource, description: str, kind: DartType = DartType.INFORMATION
    ) -> None:
        self.entries.append(DartEntry(at, kind, source, description))

    def descriptions(self) -> list[str]:
        return [entry.description for entry in self.entries]

    def render(self) -> str:
        """Entries between rules of asterisks, as DART's text export shows them."""
        blocks = "".join(f"{_RULE}\n\n{entry.render()}\n" for entry in self.entries)
        return blocks + f"{_RULE}\n" if blocks else ""


# The seed's "Current Preference Settings" dump, in its order, with the value each setting has
# when the profile does not set it (the client's defaults; AutoReconnectBehavior per
# AnyConnectProfile.xsd, the others as the seed prints them). The seed elides some lines
# ("<snip>") between AutoUpdate and IPProtocolSupport: the profile's other settings go there.
SEED_PREFERENCES_HEAD = (
    ("ServiceDisable", "false"),
    ("CertificateStoreOverride", "false"),
    ("CertificateStore", "All"),
    ("ShowPreConnectMessage", "false"),
    ("AutoConnectOnStart", "false"),
    ("MinimizeOnConnect", "false"),
    ("LocalLanAccess", "false"),
    ("DisableCaptivePortalDetection", "false"),
    ("AutoReconnect", "true"),
    ("AutoReconnectBehavior", "DisconnectOnSuspend"),
    ("UseStartBeforeLogon", "false"),
    ("AutoUpdate", "true"),
)
SEED_PREFERENCES_TAIL = (
    ("IPProtocolSupport", "IPv4,IPv6"),
    ("AllowManualHostInput", "true"),
    ("BlockUntrustedServers", "false"),
    ("PublicProxyServerAddress", ""),
)
_SEED_NAMES = {name for name, _ in SEED_PREFERENCES_HEAD + SEED_PREFERENCES_TAIL}


_DUMPS: dict[int, tuple[ClientProfile, str]] = {}  # by id(profile): the few profiles a gateway hands out
_DUMPS_LIMIT = 64


def preference_settings(profile: ClientProfile) -> str:
    """DART's "Current Preference Settings:" dump: every setting the seed lists, in its order, then
    the profile's other ClientInitialization settings where the seed's <snip> is. Profiles are
    read-only and shared by every client of a gateway, so each one's dump is worked out once."""
    known = _DUMPS.get(id(profile))
    if known is not None and known[0] is profile:
        return known[1]
    if len(_DUMPS) >= _DUMPS_LIMIT:
        _DUMPS.clear()
    text = _preference_settings(profile)
    _DUMPS[id(profile)] = (profile, text)
    return text


def _preference_settings(profile: ClientProfile) -> str:
    chosen = profile.preferences
    head = [(name, chosen.get(name, default)) for name, default in SEED_PREFERENCES_HEAD]
    others = [(name, value) for name, value in chosen.items() if name not in _SEED_NAMES]
    tail = [(name, chosen.get(name, default)) for name, default in SEED_PREFERENCES_TAIL]
    # "PublicProxyServerAddress:" - an empty value leaves no blank after the colon
    lines = [f"{name}: {value}" if value else f"{name}:" for name, value in head + others + tail]
    return "Current Preference Settings:\n" + "\n".join(lines)
