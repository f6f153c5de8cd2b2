"""The names checks use, documented: check kinds, state queries, engine events and their reasons.

Like ``schema.py`` this is data the loader validates against and ``reference.py`` documents;
``checks.py`` and ``queries.py`` implement the same names (a test keeps them in step). ``describe``
writes a check's default description for reports.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from iosxe_sim.engine.events import ConnectFailure, DownReason, ReconnectFailure
from iosxe_sim.labs.model import Check, ParamValue
from iosxe_sim.labs.schema import Field, Kind, Named

SEVERITIES = ("error", "warning", "info")

_CLIENT = Field("client", Kind.STRING, "Name of a client declared in a `[[client]]` section.")
_PROFILE = Field(
    "profile",
    Kind.STRING,
    "Name of an IKEv2 profile (`crypto ikev2 profile NAME`), or `selected-for` instead.",
    required=True,
)
_AT_LEAST = Field("at-least", Kind.INTEGER, "Pass when the number is at least this.")
_AT_MOST = Field("at-most", Kind.INTEGER, "Pass when the number is at most this.")
_AFTER = Field(
    "after",
    Kind.STRING,
    "The id of another objective: count only what happened after that objective was first met.",
)
_WHILE = Field(
    "while",
    Kind.CONDITION,
    "A condition on the configuration, written as a state check without `kind` "
    '(`{ query = "profile.reconnect-timeout", profile = "P", equals = 600 }`): count only what '
    "happened while it held. Queries of the device's configuration only (`profile.*`).",
)

CHECK_KINDS: dict[str, Named] = {
    check.name: check
    for check in (
        Named(
            "show",
            "Run a show command and search its output with a regular expression "
            "(Python syntax, `^` and `$` match at every line).",
            (
                Field("command", Kind.STRING, "A `show ...` or `lab show ...` command.", required=True),
                Field("match", Kind.STRING, "Regular expression.", required=True),
                Field(
                    "count", Kind.INTEGER, "Pass only when the expression matches exactly this many times."
                ),
                Field("absent", Kind.BOOLEAN, "Pass when the expression does not match.", default="false"),
            ),
        ),
        Named(
            "lint",
            "Lint the running-config as `iosxe-sim lint` would, and count findings. When a saved "
            "configuration is graded (`--config`), the submitted file itself is linted, so lines the "
            "device rejected count too.",
            (
                Field(
                    "rules",
                    Kind.STRINGS,
                    "Rule ids or id prefixes to count (`ref/pool`, `ref/`); default: every rule.",
                ),
                Field(
                    "severity",
                    Kind.STRING,
                    "Count findings of this severity or worse.",
                    default="error",
                    choices=SEVERITIES,
                ),
                Field("max", Kind.INTEGER, "Pass when at most this many findings are counted.", default="0"),
            ),
        ),
        Named(
            "state",
            "Read one value from the device, gateway or a client (see State queries) and "
            "compare it. Give `equals`, `matches`, or `at-least` and/or `at-most`.",
            (
                Field("query", Kind.STRING, "The value to read.", required=True),
                _CLIENT,
                Field("profile", Kind.STRING, "IKEv2 profile name, for `profile.*` queries."),
                Field(
                    "selected-for",
                    Kind.STRING,
                    "For `profile.*` queries instead of `profile`: the IKEv2 profile the gateway "
                    "selects (by `match identity remote`) for this client's AnyConnect connect, or, "
                    "given an IPv4 address, for a peer that presents that address as its identity. "
                    "Checks the design, not a name.",
                ),
                Field("equals", Kind.SCALAR, "Pass when the value equals this."),
                Field(
                    "matches", Kind.STRING, "Pass when the value (as text) matches this regular expression."
                ),
                _AT_LEAST,
                _AT_MOST,
            ),
        ),
        Named(
            "event",
            "Count engine events in the lab's history (see Events), optionally only those "
            "of one client, reason or kind of session. Without `at-least`/`at-most`: at least 1.",
            (
                Field("event", Kind.STRING, "The event name.", required=True),
                _CLIENT,
                Field("reason", Kind.STRING, "Only events with this reason (see Events)."),
                Field(
                    "reconnected",
                    Kind.BOOLEAN,
                    "`session-up` only: count reconnected (true) or fully authenticated (false) sessions.",
                ),
                _AT_LEAST,
                _AT_MOST,
                _AFTER,
                _WHILE,
            ),
        ),
        Named(
            "reconnect",
            "The client resumed its session with its session token (no re-authentication): "
            "its reconnects accepted by the gateway, counting only those whose session had sat in the "
            "inactive session database within the given bounds (0 when the old session was still "
            "active, as when roaming). A client that sleeps N minutes is inactive about N-1 minutes "
            "(the gateway first needs its DPD to time out).",
            (
                Field("client", Kind.STRING, "The client.", required=True),
                Field("min-inactive", Kind.DURATION, "Only reconnects after at least this long inactive."),
                Field("max-inactive", Kind.DURATION, "Only reconnects after at most this long inactive."),
                Field("at-least", Kind.INTEGER, "Number of such reconnects needed.", default="1"),
                Field(
                    "same-address",
                    Kind.BOOLEAN,
                    "Only reconnects that gave the client the inner address it had before (the point "
                    "of resuming), whatever that address was.",
                    default="false",
                ),
                _AFTER,
                _WHILE,
            ),
        ),
    )
}

_NEEDS_CLIENT = (Field("client", Kind.STRING, "The client.", required=True),)
_NEEDS_PROFILE = (_PROFILE,)
QUERIES: dict[str, Named] = {
    query.name: query
    for query in (
        Named("reconnect.total", "`Total incoming reconnect connection` (integer).", returns=int),
        Named("reconnect.success", "`Success reconnect connection` (integer).", returns=int),
        Named("reconnect.failed", "`Failed reconnect connection` (integer).", returns=int),
        Named("reconnect.capable-active", "`Reconnect capable active session count` (integer).", returns=int),
        Named("reconnect.capable-inactive", "`Reconnect capable inactive session count` (integer).", returns=int),
        Named("sessions", "Active crypto sessions on the gateway (integer).", returns=int),
        Named("lint.errors", 'Lint errors, counted as `kind = "lint"` counts them (integer).', returns=int),
        Named("lint.warnings", "Lint warnings, counted the same way (integer).", returns=int),
        Named("profile.exists", "The IKEv2 profile is configured (boolean).", _NEEDS_PROFILE, returns=bool),
        Named("profile.reconnect", "The profile has `reconnect` (boolean).", _NEEDS_PROFILE, returns=bool),
        Named(
            "profile.reconnect-timeout",
            "The profile's reconnect timeout in seconds, 0 without `reconnect` (integer).",
            _NEEDS_PROFILE,
            returns=int,
        ),
        Named(
            "profile.pre-shared-key",
            "The profile uses a pre-shared key: `authentication local|remote "
            "pre-share`, `keyring` or `aaa authorization ... psk` (boolean).",
            _NEEDS_PROFILE,
            returns=bool,
        ),
        Named("profile.name", "The profile's name (with `selected-for`: which profile that is).", _NEEDS_PROFILE),
        Named("profile.keyring", "The profile's `keyring local` name, empty without one.", _NEEDS_PROFILE),
        Named(
            "profile.auth-local",
            "The profile's `authentication local` method (`rsa-sig`, `pre-share` ...), empty without one.",
            _NEEDS_PROFILE,
        ),
        Named(
            "profile.auth-remote",
            "The profile's `authentication remote` methods, comma-separated, empty without any.",
            _NEEDS_PROFILE,
        ),
        Named(
            "profile.dpd",
            "The profile's DPD as `INTERVAL RETRY on-demand|periodic` (`dpd` in the profile, "
            "else the emulator's default with `reconnect`: `45 2 on-demand`), empty without DPD.",
            _NEEDS_PROFILE,
        ),
        Named(
            "profile.dpd-interval",
            "The DPD interval in seconds the gateway uses for the profile, 0 without DPD (integer).",
            _NEEDS_PROFILE,
            returns=int,
        ),
        Named(
            "profile.client-behavior",
            "`AutoReconnectBehavior` of the AnyConnect profile XML the profile "
            "hands out (`ReconnectAfterResume`, `DisconnectOnSuspend`, or `none`).",
            _NEEDS_PROFILE,
        ),
        Named("client.state", "`connected`, `disconnected`, `asleep` or `offline`.", _NEEDS_CLIENT),
        Named("client.assigned", "The tunnel's inner address, or empty when not connected.", _NEEDS_CLIENT),
        Named("client.source", "The client's source address.", _NEEDS_CLIENT),
        Named("client.port", "The client's source port (integer).", _NEEDS_CLIENT, returns=int),
        Named("client.behavior", "`AutoReconnectBehavior` the client follows now.", _NEEDS_CLIENT),
        Named(
            "client.split-networks",
            "Split-tunnel networks the client received, comma-separated "
            "(`192.168.10.0/24`), empty when none.",
            _NEEDS_CLIENT,
        ),
    )
}


def _reason_names(members: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(reason_name(member) for member in members)


def reason_name(member: enum.Enum) -> str:
    """How lab files spell an engine reason: ``DownReason.DPD_TIMEOUT`` -> ``dpd-timeout``."""
    return member.name.lower().replace("_", "-")


EVENTS: dict[str, Named] = {
    event.name: event
    for event in (
        Named(
            "session-up",
            "A session came up (a Virtual-Access interface).",
            (),
        ),
        Named("session-down", "A session went down.", (), _reason_names(DownReason)),
        Named("session-inactive", "A dead peer's session moved to the inactive session database."),
        Named(
            "inactive-expired", "An inactive session reached its reconnect timeout (its address is freed)."
        ),
        Named("dpd-sent", "The gateway sent a DPD request (or a retransmission)."),
        Named("dpd-timeout", "The peer did not answer DPD."),
        Named("reconnect-succeeded", "The gateway accepted a reconnect (session id + token)."),
        Named("reconnect-failed", "The gateway refused a reconnect.", (), _reason_names(ReconnectFailure)),
        Named("connect-failed", "The gateway refused a first connect.", (), _reason_names(ConnectFailure)),
        Named("child-rekeyed", "An IPsec SA was rekeyed."),
    )
}


def describe(kind: str, params: Mapping[str, ParamValue]) -> str:
    """A check's default description, e.g. ``state reconnect.success >= 1``."""
    p = params
    bounds = " ".join(
        f"{sign} {p[name]}" for name, sign in (("at-least", ">="), ("at-most", "<=")) if name in p
    )
    if kind == "show":
        verb = "does not match" if p.get("absent") else "matches"
        times = f" {p['count']} time(s)" if "count" in p else ""
        return f"`{p['command']}` {verb} /{p['match']}/{times}"
    if kind == "lint":
        rules = ", ".join(p.get("rules", ()))  # type: ignore[arg-type]
        severity = str(p.get("severity", "error"))
        worse = "" if severity == "error" else " or worse"
        count = f"at most {p['max']}" if p.get("max") else "no"
        return f"{count} lint {severity}s{worse}" + (f" of {rules}" if rules else " (the config lints clean)")
    if kind == "state":
        subject = "".join(f" {p[name]}" for name in ("client", "profile") if name in p)
        test = (
            f"= {p['equals']!r}" if "equals" in p else (f"~ /{p['matches']}/" if "matches" in p else bounds)
        )
        if "selected-for" in p:
            subject += f" (the profile selected for {p['selected-for']})"
        return f"{p['query']}{subject} {test}"
    if kind == "event":
        filters = "".join(f" {name}={p[name]}" for name in ("client", "reason", "reconnected") if name in p)
        return f"{p['event']} events{filters} {bounds or '>= 1'}{_order(p)}"
    window = "".join(
        f" {label} {_minutes(p[name])}"
        for name, label in (("min-inactive", "after at least"), ("max-inactive", "after at most"))
        if name in p
    )
    same = ", keeping its address" if p.get("same-address") else ""
    return f"{p['client']} reconnected with its session token{window}{same}{_order(p)}"


def _order(p: Mapping[str, ParamValue]) -> str:
    after = f" after objective {p['after']} was met" if "after" in p else ""
    held = p.get("while")
    return after + (f" while {held.description}" if isinstance(held, Check) else "")


def _minutes(seconds: ParamValue) -> str:
    value = float(seconds)  # type: ignore[arg-type]
    return f"{value / 60:g} min inactive" if value >= 60 else f"{value:g} s inactive"
