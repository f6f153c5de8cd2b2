"""The rule registry: every rule's stable id, severity, title and fix hint, and its check.

A check is a function over the typed view and the loader's result that yields :class:`Finding`
records; the engine turns them into :class:`Diagnostic` records with the rule's id, severity and
hint, the source line and the path. Rule ids are ``category/name`` and never change once released.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from iosxe_sim.config.loader import LoadResult
from iosxe_sim.config.views import ConfigView
from iosxe_sim.lint.diagnostic import Severity

CATEGORIES = {
    "syntax": "Lines IOS-XE would not accept: the loader's parse errors and rejections",
    "reconnect": "IKEv2 auto-reconnect restrictions and advice",
    "ref": "Dangling references: a name used on one line and defined nowhere",
    "auth": "IKEv2 profile authentication that cannot work as configured",
    "profile": "IKEv2 profile selection",
    "proposal": "IKEv2 proposal completeness",
    "transform-set": "IPsec transform-set combinations",
    "pool": "Local address pools",
    "crypto": "Algorithm advice",
    "info": "Informational",
}


@dataclass(slots=True)
class Finding:
    """What a check reports; the engine adds the rule's id, severity and hint.

    The span is ``column``..``end_column`` when given, else the whole-token occurrence of
    ``token`` in the line, else the line from its first non-blank character. Not frozen: a
    million of them are made for a million bad lines, and a frozen record costs twice the time.
    """

    line: int
    message: str
    column: int | None = None
    end_column: int | None = None
    token: str | None = None
    related: tuple[tuple[int, str], ...] = ()  # (line, what that line is)


class Dangling(NamedTuple):
    """A reference to an undefined name, as a check reports it: a :class:`Finding` whose message
    and related line are formatted only when the report is written (600k dangling references
    cost a tuple each, their names and line numbers shared with the model)."""

    line: int
    token: str  # the name, where the caret goes
    template: str  # the message, with ``{name}``
    where_line: int  # the block the reference sits in ...
    where: str  # ... described: "in IPsec profile"
    where_name: str  # ... and named
    column = None
    end_column = None

    @property
    def message(self) -> str:
        return self.template.format(name=self.token)

    @property
    def related(self) -> tuple[tuple[int, str], ...]:
        return ((self.where_line, f"{self.where} {self.where_name}"),)


AnyFinding = Finding | Dangling
Check = Callable[[ConfigView, LoadResult], Iterable[AnyFinding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    hint: str
    check: Check

    @property
    def category(self) -> str:
        return self.id.split("/", 1)[0]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, title: str, hint: str) -> Callable[[Check], Check]:
    """Register a check under a stable id (a decorator)."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"duplicate lint rule id {rule_id!r}")
        if rule_id.split("/", 1)[0] not in CATEGORIES:
            raise ValueError(f"lint rule {rule_id!r} has an unknown category")
        RULES[rule_id] = Rule(rule_id, severity, title, hint, check)
        return check

    return register


def ordered_rules() -> list[Rule]:
    """Every rule, by category (as listed in CATEGORIES), then severity, then id: the docs' order."""
    categories = list(CATEGORIES)
    return sorted(RULES.values(), key=lambda r: (categories.index(r.category), r.severity.rank, r.id))
