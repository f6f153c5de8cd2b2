"""The running-config model: statements and blocks, stored the way the grammar says.

Every applied line becomes a :class:`Statement` holding its grammar command, captured arguments and
canonical text. Where it goes is decided by the command's ``store`` (grammar data, not code):

- ``set``: one per command in its container; a new one replaces the old, ``no`` removes it.
- ``list``: one per identity (the ``key`` captures, or all arguments); ``no`` removes matches.
- ``merge``: one line whose list argument accumulates (``encryption aes-cbc-256 aes-cbc-128``).
- ``block``: a sub-mode header (``crypto ikev2 profile X``) owning child statements.
- ``sequenced``: ACL entries kept by sequence number (auto-numbered by 10).

Typed, read-only views for the engine and the linter are built from this in ``views.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from iosxe_sim.parser.graph import Command
from iosxe_sim.parser.match import Args

SEQUENCE_STEP = 10
SEQUENCE_MAX = 2147483647


class ApplyError(ValueError):
    """A statement that cannot be stored (IOS rejects it with this message)."""


@dataclass(eq=False)
class Statement:
    command: Command
    args: Args
    text: str  # canonical text; for sequenced entries without the number
    line: int = 0  # 1-based source line; 0 when typed interactively

    @property
    def handler(self) -> str:
        return self.command.handler

    @property
    def negated(self) -> bool:
        return self.command.negated

    def identity(self) -> tuple[object, ...]:
        command = self.command
        if command.store in ("set", "merge"):
            return (command.id,)
        if command.store == "sequenced":
            return ("sequenced", self.args.get("seq"))
        names = command.key or tuple(sorted(self.args))
        return (command.id, *(self.args.get(name) for name in names))

    def rendered(self) -> str:
        if self.command.store == "sequenced":
            return f"{self.args['seq']} {self.text}"
        return self.text

    def signature(self) -> tuple[object, ...]:
        return (self.command.id, self.negated, self.rendered())


@dataclass(eq=False)
class Block:
    header: Statement
    mode: str
    children: list[Statement | Block] = field(default_factory=list)

    @property
    def handler(self) -> str:
        return self.header.handler

    @property
    def name(self) -> str:
        return str(self.header.args.get("name", ""))

    @property
    def line(self) -> int:
        return self.header.line

    def identity(self) -> tuple[object, ...]:
        return self.header.identity()

    def statements(self, handler: str) -> list[Statement]:
        """Child statements (not negated) of one handler, in stored order."""
        return [c for c in self.children if isinstance(c, Statement) and c.handler == handler and not c.negated]

    def first(self, handler: str) -> Statement | None:
        found = self.statements(handler)
        return found[0] if found else None

    def blocks(self, handler: str) -> list[Block]:
        return [c for c in self.children if isinstance(c, Block) and c.handler == handler]

    def signature(self) -> tuple[object, ...]:
        return (self.header.signature(), tuple(sorted((c.signature() for c in self.children), key=repr)))


@dataclass(eq=False)
class Verbatim:
    """A block of commands we do not model, kept exactly as given (lines without line ends)."""

    lines: list[str]
    line: int
    anchor: tuple[object, ...] | None  # identity of the modelled item it followed


Item = Statement | Block


@dataclass(eq=False)
class RunningConfig:
    items: list[Item] = field(default_factory=list)
    verbatim: list[Verbatim] = field(default_factory=list)

    def blocks(self, handler: str) -> list[Block]:
        return [i for i in self.items if isinstance(i, Block) and i.handler == handler]

    def statements(self, handler: str) -> list[Statement]:
        return [i for i in self.items if isinstance(i, Statement) and i.handler == handler and not i.negated]

    def first(self, handler: str) -> Statement | None:
        found = self.statements(handler)
        return found[0] if found else None

    def placed_verbatim(self) -> list[tuple[Verbatim, tuple[object, ...] | None]]:
        """Each verbatim block with the item it is written after (None: first, before any item).

        A block whose item was removed goes after the last item written, so where a block stands
        depends only on the rendered text (load(render(m)) == m holds after deletions too).
        """
        known = {item.identity() for item in self.items}
        ordered = sorted(self.items, key=lambda i: (i.header if isinstance(i, Block) else i).command.rank)
        last = ordered[-1].identity() if ordered else None
        return [(v, v.anchor if v.anchor is None or v.anchor in known else last) for v in self.verbatim]

    def signature(self) -> tuple[object, ...]:
        return (
            tuple(sorted((i.signature() for i in self.items), key=repr)),
            tuple((tuple(v.lines), anchor) for v, anchor in self.placed_verbatim()),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RunningConfig) and self.signature() == other.signature()


def apply(container: list[Item], statement: Statement, mode: str) -> Block | None:
    """Store ``statement`` in ``container`` by its command's rules; returns an entered block."""
    command = statement.command
    if command.negated:
        _remove(container, statement)
        if command.keep_no:
            container.append(statement)
        return None
    identity = statement.identity()
    if command.store == "block":
        for item in container:
            if isinstance(item, Block) and item.identity() == identity:
                return item
        block = Block(statement, command.enters or mode)
        container.append(block)
        return block
    if command.store == "sequenced":
        statement = _numbered(container, statement)
        identity = statement.identity()
    if command.store == "merge":
        statement = _merged(container, statement)
    _replace(container, identity, statement)
    return None


def _replace(container: list[Item], identity: tuple[object, ...], statement: Statement) -> None:
    """Put ``statement`` where what it replaces was (a kept negation of it too), else at the end."""
    replaced = [
        n for n, item in enumerate(container)
        if isinstance(item, Statement)
        and (item.identity() == identity or (item.negated and item.command.id == statement.command.id))
    ]
    if not replaced:
        container.append(statement)
        return
    container[replaced[0]] = statement
    for n in reversed(replaced[1:]):
        del container[n]


def _remove(container: list[Item], negation: Statement) -> None:
    """``no ...``: drop what it names; arguments it leaves out match anything."""
    command = negation.command
    given = negation.args

    def named(item: Item) -> bool:
        target = item.header if isinstance(item, Block) else item
        if command.store == "sequenced" and "seq" in given:
            return target.command.store == "sequenced" and target.args.get("seq") == given["seq"]
        if target.command.id != command.id:
            return False
        if command.store in ("set", "merge") and not given:
            return True
        if command.store == "sequenced":
            return target.text == negation.text.removeprefix("no ").strip()
        names = command.key or tuple(given)
        return all(target.args.get(n) == given.get(n) for n in names if n in given)

    if command.store == "merge" and given:
        _unmerge(container, negation)
        return
    container[:] = [item for item in container if not named(item)]


def _list_arg(statement: Statement) -> str:
    return next(name for name in statement.command.list_captures)


def _merged(container: list[Item], statement: Statement) -> Statement:
    name = _list_arg(statement)
    values: list[str] = []
    for item in container:
        if isinstance(item, Statement) and item.command.id == statement.command.id and not item.negated:
            values += item.args[name]
    values += [v for v in statement.args[name] if v not in values]
    return _with_values(statement, name, values)


def _unmerge(container: list[Item], negation: Statement) -> None:
    name = _list_arg(negation)
    for index, item in enumerate(container):
        if isinstance(item, Statement) and item.command.id == negation.command.id and not item.negated:
            remaining = [v for v in item.args[name] if v not in negation.args[name]]
            if remaining:
                container[index] = _with_values(item, name, remaining)
            else:
                del container[index]
            return


def _with_values(statement: Statement, name: str, values: list[str]) -> Statement:
    head = statement.text.split()[0]
    args = MappingProxyType({**statement.args, name: tuple(values)})
    return Statement(statement.command, args, f"{head} {' '.join(values)}", statement.line)


def _numbered(container: list[Item], statement: Statement) -> Statement:
    seq = statement.args.get("seq")
    text = statement.text
    if seq is not None:
        text = text.split(" ", 1)[1]
    else:
        numbers = [int(str(i.args["seq"])) for i in container if isinstance(i, Statement) and "seq" in i.args]
        next_number = max(numbers, default=0) + SEQUENCE_STEP
        if next_number > SEQUENCE_MAX:
            raise ApplyError("% Sequence number out of range: give the entry a free sequence number")
        seq = str(next_number)
    args = MappingProxyType({**statement.args, "seq": seq})
    return Statement(statement.command, args, text, statement.line)
