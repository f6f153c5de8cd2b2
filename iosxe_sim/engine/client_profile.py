"""Cisco Secure Client (AnyConnect) profile XML: the settings the simulated client acts on.

The profile is untrusted input (a file a student or a lab supplies), so the parser refuses any DTD
(no entity expansion, no billion laughs), bounds the input size, and turns every failure into
ClientProfileError. Defaults follow AnyConnectProfile.xsd (docs/emulator-decisions.md).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from enum import Enum
from xml.parsers import expat

PROFILE_NAMESPACE = "http://schemas.xmlsoap.org/encoding/"
MAX_PROFILE_SIZE = 1 << 20  # real profiles are a few kilobytes
_ROOT_TAG = f"{{{PROFILE_NAMESPACE}}}AnyConnectProfile"


class ClientProfileError(ValueError):
    """The profile cannot be used; `line` is the 1-based line it concerns, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.message = message
        self.line = line


class AutoReconnectBehavior(Enum):
    RECONNECT_AFTER_RESUME = "ReconnectAfterResume"
    DISCONNECT_ON_SUSPEND = "DisconnectOnSuspend"


@dataclass(frozen=True)
class HostEntry:
    """One `ServerList/HostEntry`. Without HostAddress the client connects to HostName."""

    host_name: str
    host_address: str | None = None
    primary_protocol: str = "SSL"
    standard_authentication_only: bool = False
    auth_method_during_ike_negotiation: str = "EAP-AnyConnect"


@dataclass(frozen=True)
class ClientProfile:
    """`preferences` holds every ClientInitialization element (nested ones too) by name, with its
    own text, in document order: the material of DART's "Current Preference Settings" dump."""

    auto_reconnect: bool = True
    auto_reconnect_behavior: AutoReconnectBehavior = AutoReconnectBehavior.DISCONNECT_ON_SUSPEND
    hosts: tuple[HostEntry, ...] = ()
    preferences: dict[str, str] = field(default_factory=dict)


def parse_client_profile(text: str | bytes) -> ClientProfile:
    """Parse a profile; raises ClientProfileError and nothing else, whatever the input."""
    if not isinstance(text, (str, bytes)):
        raise ClientProfileError(f"a profile is text or bytes, not {type(text).__name__}")
    if len(text) > MAX_PROFILE_SIZE:
        raise ClientProfileError(f"profile larger than {MAX_PROFILE_SIZE} bytes")
    document = _Document(text)
    root = document.root
    if root.tag != _ROOT_TAG:
        raise ClientProfileError(
            f"root element is {_display_tag(root.tag)}, expected AnyConnectProfile in namespace "
            f"{PROFILE_NAMESPACE}",
            document.line_of(root),
        )
    init = _child(root, "ClientInitialization")
    auto_reconnect = ClientProfile.auto_reconnect
    behavior = ClientProfile.auto_reconnect_behavior
    preferences: dict[str, str] = {}
    if init is not None:
        for element in init.iter():
            if element is not init and element.tag.startswith(f"{{{PROFILE_NAMESPACE}}}"):
                preferences.setdefault(_local_name(element.tag), _own_text(element))
        reconnect = _child(init, "AutoReconnect")
        if reconnect is not None:
            auto_reconnect = document.boolean(reconnect)
            behavior_element = _child(reconnect, "AutoReconnectBehavior")
            if behavior_element is not None:
                behavior = document.behavior(behavior_element)
    server_list = _child(root, "ServerList")
    entries = [] if server_list is None else _children(server_list, "HostEntry")
    hosts = tuple(document.host(entry) for entry in entries)
    return ClientProfile(auto_reconnect, behavior, hosts, preferences)


class _Document:
    """The element tree plus each element's line, built straight from expat so DTDs can be refused."""

    def __init__(self, text: str | bytes) -> None:
        self._lines: dict[ET.Element, int] = {}
        builder = ET.TreeBuilder()
        parser = expat.ParserCreate(namespace_separator="}")

        def start(name: str, attributes: dict[str, str]) -> None:
            element = builder.start(_qualified(name), {_qualified(k): v for k, v in attributes.items()})
            self._lines[element] = parser.CurrentLineNumber

        def refuse_doctype(*_: object) -> None:
            message = "DOCTYPE declarations are not allowed in a profile"
            raise ClientProfileError(message, parser.CurrentLineNumber)

        parser.StartElementHandler = start
        parser.EndElementHandler = lambda name: builder.end(_qualified(name))
        parser.CharacterDataHandler = builder.data
        parser.StartDoctypeDeclHandler = refuse_doctype
        try:
            parser.Parse(text, True)
        except ClientProfileError:
            raise
        except expat.ExpatError as exc:
            message = f"not well-formed XML: {expat.ErrorString(exc.code)}"
            raise ClientProfileError(message, exc.lineno) from None
        except (ValueError, LookupError) as exc:  # encodings that expat or Python cannot decode
            raise ClientProfileError(f"cannot decode the profile: {exc}") from None
        self.root: ET.Element = builder.close()

    def line_of(self, element: ET.Element) -> int | None:
        return self._lines.get(element)

    def boolean(self, element: ET.Element) -> bool:
        value = _own_text(element)
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        raise ClientProfileError(
            f"{_local_name(element.tag)} must be true or false, not {value!r}", self.line_of(element)
        )

    def behavior(self, element: ET.Element) -> AutoReconnectBehavior:
        value = _own_text(element)
        try:
            return AutoReconnectBehavior(value)
        except ValueError:
            allowed = " or ".join(member.value for member in AutoReconnectBehavior)
            raise ClientProfileError(
                f"AutoReconnectBehavior must be {allowed}, not {value!r}", self.line_of(element)
            ) from None

    def host(self, entry: ET.Element) -> HostEntry:
        """Only the elements present override HostEntry's defaults (the schema's)."""
        name = _child(entry, "HostName")
        if name is None or not _own_text(name):
            raise ClientProfileError("HostEntry without a HostName", self.line_of(entry))
        host = HostEntry(_own_text(name))
        address = _child(entry, "HostAddress")
        if address is not None and _own_text(address):
            host = replace(host, host_address=_own_text(address))
        protocol = _child(entry, "PrimaryProtocol")
        if protocol is None:
            return host
        host = replace(host, primary_protocol=_own_text(protocol))
        standard_only = _child(protocol, "StandardAuthenticationOnly")
        if standard_only is None:
            return host
        host = replace(host, standard_authentication_only=self.boolean(standard_only))
        method = _child(standard_only, "AuthMethodDuringIKENegotiation")
        if method is None:
            return host
        return replace(host, auth_method_during_ike_negotiation=_own_text(method))


def _qualified(expat_name: str) -> str:
    """expat reports `namespace}local`; ElementTree spells it `{namespace}local`."""
    return "{" + expat_name if "}" in expat_name else expat_name


def _local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def _display_tag(tag: str) -> str:
    namespace, _, local = tag.rpartition("}")
    return f"{local} in namespace {namespace[1:]}" if namespace else f"{local} without a namespace"


def _own_text(element: ET.Element) -> str:
    """The element's text before its first child: `true` in `<AutoReconnect>true<AutoReconnectBehavior>`."""
    return (element.text or "").strip()


def _child(parent: ET.Element, name: str) -> ET.Element | None:
    return parent.find(f"{{{PROFILE_NAMESPACE}}}{name}")


def _children(parent: ET.Element, name: str) -> list[ET.Element]:
    return parent.findall(f"{{{PROFILE_NAMESPACE}}}{name}")
