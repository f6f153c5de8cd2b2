"""The lab file format as data: every section, field, check kind, query and event, documented.

The loader validates lab files against these tables and ``reference.py`` renders them into the
format reference of docs/labs-instructor.md, so the documentation cannot drift from what the
loader accepts. The names checks use (kinds, queries, events) are in ``vocabulary.py``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Enum):
    """Value types of lab file fields (the docs name them by these values)."""

    STRING = "string"
    TEXT = "text"  # a string, usually a multi-line """...""" block
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DURATION = "duration"  # "45s", "15m", "1h30m" or an integer number of seconds
    STRINGS = "list of strings"
    SCALAR = "string, integer or boolean"
    FILES = "table: file name = path"
    CONDITION = "inline table: a state check"  # { query = "...", equals = ... }


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    doc: str
    required: bool = False
    default: str | None = None  # as the docs show it
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str  # the TOML key: "lab", "client", "objective.check" ...
    array: bool  # [[key]] (array of tables) or [key]
    required: bool
    doc: str
    fields: tuple[Field, ...]

    @property
    def header(self) -> str:
        return f"[[{self.key}]]" if self.array else f"[{self.key}]"


@dataclass(frozen=True)
class Named:
    """A documented name with the parameters it needs (a check kind, a query, an event)."""

    name: str
    doc: str
    fields: tuple[Field, ...] = ()
    reasons: tuple[str, ...] = ()
    returns: type = str  # queries: the type of the value (equals must have it)


LEVELS = ("beginner", "intermediate", "advanced")
ACTIONS = ("connect", "sleep", "resume", "disconnect", "traffic", "roam", "outage", "reconnect")
FAULTS = ("wrong-token", "stale-session", "unknown-session")
DEFAULT_SEED = 1
DEFAULT_PACKETS = 10

SECTIONS: tuple[Section, ...] = (
    Section(
        "lab",
        False,
        True,
        "What the lab is: shown by `iosxe-sim lab list` and `lab show`.",
        (
            Field("title", Kind.STRING, "One-line title.", required=True),
            Field("level", Kind.STRING, "Difficulty.", required=True, choices=LEVELS),
            Field(
                "description",
                Kind.TEXT,
                "The briefing the student reads first: the situation and the task.",
                required=True,
            ),
            Field(
                "seed",
                Kind.INTEGER,
                "Seed of the random source (session ids, ports, SPIs): a lab plays the same way every time.",
                default=str(DEFAULT_SEED),
            ),
        ),
    ),
    Section(
        "device",
        False,
        False,
        "The gateway the lab starts from. Without this section: the embedded "
        "default device (the seed's FlexVPN gateway with `reconnect timeout 900`).",
        (
            Field("config", Kind.STRING, "Path of the starting configuration, relative to the lab file."),
            Field("config-text", Kind.TEXT, "The starting configuration inline (instead of `config`)."),
            Field(
                "bootflash",
                Kind.FILES,
                'Files put into the device\'s bootflash: `"name.xml" = "path"`, '
                "the path relative to the lab file. They are added to the default files `acvpn.xml` "
                "(ReconnectAfterResume) and `acvpn-disconnect.xml` (DisconnectOnSuspend), replacing a "
                "default file of the same name. `crypto vpn anyconnect profile NAME bootflash:FILE` "
                "hands a file to the clients.",
            ),
        ),
    ),
    Section(
        "client",
        True,
        False,
        "A simulated Secure Client, created when the lab starts "
        "(as `lab client NAME user U password P address A`).",
        (
            Field(
                "name", Kind.STRING, "Client name (one word), used by `lab client NAME ...`.", required=True
            ),
            Field("user", Kind.STRING, "Username it logs in with.", default="test"),
            Field("password", Kind.STRING, "Password it logs in with.", default="cisco"),
            Field("address", Kind.STRING, "Source IPv4 address.", default="10.106.69.69"),
            Field(
                "profile",
                Kind.STRING,
                "Path of an AnyConnect profile XML the client holds before it first "
                "connects (relative to the lab file); the profile the gateway hands out replaces it on "
                "connect, as on a real client.",
            ),
        ),
    ),
    Section(
        "timeline",
        True,
        False,
        "One event of the story the lab plays on the virtual clock. Entries "
        "at 0 play when the lab starts; later ones when the clock reaches them (`lab clock advance`). "
        "Each entry has exactly one of `action` (with `client`), `exec` or `config`; `note` may go "
        "with any of them or stand alone.",
        (
            Field("at", Kind.DURATION, "Virtual time after the lab starts.", default="0"),
            Field("client", Kind.STRING, "The client that acts (with `action`)."),
            Field(
                "action",
                Kind.STRING,
                "What the client does: the `lab client NAME ACTION` commands.",
                choices=ACTIONS,
            ),
            Field("packets", Kind.INTEGER, "`traffic`: number of packets.", default=str(DEFAULT_PACKETS)),
            Field("seconds", Kind.DURATION, "`outage`: how long the path is down (required for outage)."),
            Field("address", Kind.STRING, "`roam`: new source address."),
            Field("port", Kind.INTEGER, "`roam`: new source port (default: a new random port)."),
            Field(
                "fault",
                Kind.STRING,
                "`reconnect`: the deliberate fault (required for reconnect).",
                choices=FAULTS,
            ),
            Field(
                "exec",
                Kind.STRING,
                "One EXEC command: `show ...`, `clear ...`, `debug ...`, `undebug ...` or `lab client ...`.",
            ),
            Field(
                "config",
                Kind.TEXT,
                "Configuration lines applied as if typed in configuration mode "
                "(rejected lines are reported on the console, as IOS does).",
            ),
            Field("note", Kind.STRING, "A line of story printed on the console when the entry plays."),
        ),
    ),
    Section(
        "objective",
        True,
        True,
        "What the student must achieve. An objective passes when all its "
        "checks pass; the lab is solved when every objective passes.",
        (
            Field("id", Kind.STRING, "Short stable id for reports.", default="objective-N"),
            Field("title", Kind.STRING, "What to achieve, as the student reads it.", required=True),
            Field("hints", Kind.STRINGS, "Hints, shown one at a time by `lab hint`."),
            Field(
                "session-only",
                Kind.BOOLEAN,
                "Graded only from a session (the shell, `--script`); skipped "
                "when grading a saved configuration with `--config` (for objectives about watching the "
                "story, which a configuration cannot show).",
                default="false",
            ),
            Field(
                "points",
                Kind.INTEGER,
                "Weight of the objective in the score. An objective the untouched lab already "
                "meets scores nothing (`lab show` warns about it).",
                default="1",
            ),
            Field(
                "story",
                Kind.BOOLEAN,
                "Met by watching the lab's story (advancing the clock) rather than by the "
                "student's work: shown and checked, never scored.",
                default="false",
            ),
        ),
    ),
    Section(
        "objective.check",
        True,
        True,
        "One check of an objective (at least one per objective). "
        "`kind` selects the fields it takes (see Check kinds).",
        (
            Field(
                "kind",
                Kind.STRING,
                "What is checked.",
                required=True,
                choices=("show", "lint", "state", "event", "reconnect"),
            ),
            Field(
                "description",
                Kind.STRING,
                "What reports say about the check.",
                default="generated from the check",
            ),
        ),
    ),
    Section(
        "variables",
        False,
        False,
        "Per-student variants: `NAME = { ... }` with one of `choices = [...]` (values, or inline "
        "tables of fields), `range = [LOW, HIGH]` (integers), `pool = \"A.B.C.D/M\", size = N` (N "
        "consecutive addresses: `${NAME.first}`, `${NAME.last}`), `address = \"A.B.C.D/M\"` (one "
        "address), `name = \"PREFIX\"` (the prefix and four letters or digits); optional `default` "
        "(the value without `--student`). `${NAME}` or `${NAME.FIELD}` in any string of the lab, in the "
        "starting config and in the client profiles is replaced by the student's value; a string that "
        "is only a placeholder takes the value's type (`equals = \"${timeout}\"` is an integer).",
        (),
    ),
    Section(
        "grading",
        False,
        False,
        "How `iosxe-sim lab check NAME --config FILE` exercises a saved configuration.",
        (
            Field(
                "replay",
                Kind.TEXT,
                "CLI lines (as in a `--script` file) run on the lab booted from the "
                "student's configuration, before its objectives are checked: typically the clients' "
                "connect, sleep, clock advance and resume. Used by `--config` grading, and after a "
                "`--script` to re-test the student's final running-config (objectives that are not "
                "session-only must hold there too). `lab show` runs them on the untouched lab: a "
                "line the CLI does not accept, or a client no section declares, is an error.",
            ),
        ),
    ),
)


def section(key: str) -> Section:
    return next(s for s in SECTIONS if s.key == key)
