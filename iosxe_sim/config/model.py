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

from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType

from iosxe_sim.parser.graph import Command
from iosxe_sim.parser.match import Args

SMALL = 8  # containers up to this size are scanned, not indexed by handler
SEQUENCE_IDENTITIES = 100_000  # bound on the shared identities of sequence numbers
_SEQUENCED: dict[object, tuple[object, ...]] = {}
_SINGLE: dict[str, tuple[object, ...]] = {}
SEQUENCE_STEP = 10
SEQUENCE_MAX = 2147483647


class ApplyError(ValueError):
    """A statement that cannot be stored (IOS rejects it with this message)."""


@dataclass(eq=False, slots=True)
class Statement:
    command: Command
    args: Args
    written: str | None  # canonical text; None: the matcher's ``args`` hold it (see ``text``)
    line: int = 0  # 1-based source line; 0 when typed interactively
    identity: tuple[object, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """The identity a later statement must share to replace this one (its container's key)."""
        command = self.command
        if command.store in ("set", "merge"):
            identity = _SINGLE.get(command.id)  # shared: one per command
            if identity is None:
                identity = _SINGLE[command.id] = (command.id,)
            self.identity = identity
        elif command.store == "sequenced":
            seq = self.args.get("seq")
            identity = _SEQUENCED.get(seq)  # shared: every ACL numbers 10, 20, 30 ...
            if identity is None:
                identity = ("sequenced", seq)
                if len(_SEQUENCED) < SEQUENCE_IDENTITIES:
                    _SEQUENCED[seq] = identity
            self.identity = identity
        else:
            names = command.key or tuple(sorted(self.args))
            self.identity = (command.id, *(self.args.get(name) for name in names))

    @property
    def text(self) -> str:
        """Canonical text; for sequenced entries without the number. A loaded line's is joined from
        its arguments' values when asked for (a million-line config keeps no copy of it)."""
        written = self.written
        return written if written is not None else self.args.canonical  # type: ignore[attr-defined]

    @text.setter
    def text(self, text: str) -> None:
        self.written = text

    @property
    def handler(self) -> str:
        return self.command.handler

    @property
    def negated(self) -> bool:
        return self.command.negated

    def rendered(self) -> str:
        if self.command.store == "sequenced":
            return f"{self.args['seq']} {self.text}"
        return self.text

    def signature(self) -> tuple[object, ...]:
        return (self.command.id, self.negated, self.rendered())


class ItemList(list["Statement | Block"]):
    """A container's items in stored order, indexed by identity so applying a line is O(1), and
    by handler (built on the first query after a change) so reading a block is too.

    Only this module's functions mutate it (they keep the indexes and the top sequence number
    current); everyone else reads it as a plain list. A container of up to SMALL items (most
    blocks) has no index by identity: scanning it costs less, and a million-line config has
    hundreds of thousands of them.
    """

    __slots__ = ("_handlers", "_index", "top_sequence")  # one per block: no __dict__ each

    def __init__(self) -> None:
        super().__init__()
        self._index: dict[tuple[object, ...], Statement | Block] | None = None
        self.top_sequence = 0
        self._handlers: dict[str, list[Statement | Block]] | None = None

    @property
    def index(self) -> dict[tuple[object, ...], Statement | Block]:
        """identity -> item (do not mutate it); built on the first question."""
        if self._index is None:
            self._index = {item.identity: item for item in self}
        return self._index

    def lookup(self, identity: tuple[object, ...]) -> Statement | Block | None:
        index = self._index
        if index is None and len(self) <= SMALL:
            return next((item for item in self if item.identity == identity), None)
        return self.index.get(identity)

    def by_handler(self, handler: str) -> list[Statement | Block]:
        """The items of one handler, in stored order (do not mutate the list); a container with
        more than SMALL items builds its index by handler on the first question."""
        handlers = self._handlers
        if handlers is None and len(self) <= SMALL:  # a scan costs less than an index kept
            return [item for item in self if item.handler == handler]
        if handlers is None:
            handlers = self._handlers = {}
            for item in self:
                found = handlers.get(item.handler)
                if found is None:
                    handlers[item.handler] = [item]
                else:
                    found.append(item)
        return handlers.get(handler, _NONE)

    def add(self, item: Statement | Block) -> None:
        self.append(item)
        index = self._index
        if index is not None:
            index[item.identity] = item
        elif len(self) > SMALL:
            self._index = {i.identity: i for i in self}
        handlers = self._handlers
        if handlers is not None:
            handlers.setdefault(item.handler, []).append(item)

    def put(self, identity: tuple[object, ...], item: Statement | Block) -> None:
        """Store ``item`` in the place of what has ``identity``, or at the end."""
        old = self.lookup(identity)
        if old is None:
            self.add(item)
            return
        self[next(n for n, present in enumerate(self) if present is old)] = item
        index = self._index
        if index is not None:
            del index[identity]
            index[item.identity] = item
        self._handlers = None

    def remove_where(self, doomed: Callable[[Statement | Block], bool]) -> None:
        self[:] = [item for item in self if not doomed(item)]
        self._index = None
        self._handlers = None
        self.top_sequence = max(
            (int(str(i.args["seq"])) for i in self if isinstance(i, Statement) and i.command.store == "sequenced"),
            default=0,
        )


@dataclass(eq=False, slots=True)
class Block:
    header: Statement
    mode: str
    children: ItemList = field(default_factory=ItemList)
    verbatim: list[str] = field(default_factory=list)  # unmodelled sub-lines, as given (child indent removed)

    def keep_verbatim(self, lines: list[str]) -> None:
        """Add unmodelled sub-lines (a block without any shares one empty list: see ``Block.new``)."""
        if self.verbatim is _NO_LINES:
            self.verbatim = lines
        else:
            self.verbatim += lines

    @classmethod
    def new(cls, header: Statement, mode: str) -> Block:
        """A block without children or unmodelled lines (its empty verbatim list is shared)."""
        return cls(header, mode, ItemList(), _NO_LINES)

    @property
    def handler(self) -> str:
        return self.header.handler

    @property
    def name(self) -> str:
        return str(self.header.args.get("name", ""))

    @property
    def line(self) -> int:
        return self.header.line

    @property
    def identity(self) -> tuple[object, ...]:
        return self.header.identity

    def statements(self, handler: str) -> list[Statement]:
        """Child statements (not negated) of one handler, in stored order."""
        return _statements(self.children.by_handler(handler))

    def first(self, handler: str) -> Statement | None:
        children = self.children
        if children._handlers is None and len(children) <= SMALL:  # by_handler's scan, without its list
            for item in children:
                if isinstance(item, Statement) and item.command.handler == handler and not item.command.negated:
                    return item
            return None
        return _first(children.by_handler(handler))

    def blocks(self, handler: str) -> list[Block]:
        return [c for c in self.children.by_handler(handler) if isinstance(c, Block)]

    def signature(self) -> tuple[object, ...]:
        children = tuple(sorted((c.signature() for c in self.children), key=repr))
        return (self.header.signature(), children, tuple(self.verbatim))


@dataclass(eq=False)
class Verbatim:
    """A block of commands we do not model, kept exactly as given (lines without line ends)."""

    lines: list[str]
    line: int
    anchor: tuple[object, ...] | None  # identity of the modelled item it followed


Item = Statement | Block
_NONE: list[Item] = []
_NO_LINES: list[str] = []  # never mutated: Block.keep_verbatim replaces it


def _statements(items: list[Item]) -> list[Statement]:
    return [i for i in items if isinstance(i, Statement) and not i.negated]


def _first(items: list[Item]) -> Statement | None:
    return next((i for i in items if isinstance(i, Statement) and not i.negated), None)


@dataclass(eq=False)
class RunningConfig:
    items: ItemList = field(default_factory=ItemList)
    verbatim: list[Verbatim] = field(default_factory=list)
    generation: int = 0  # bumped by every applied line: what was derived from an older one is stale

    def blocks(self, handler: str) -> list[Block]:
        return [i for i in self.items.by_handler(handler) if isinstance(i, Block)]

    def statements(self, handler: str) -> list[Statement]:
        return _statements(self.items.by_handler(handler))

    def first(self, handler: str) -> Statement | None:
        return _first(self.items.by_handler(handler))

    def placed_verbatim(self) -> list[tuple[Verbatim, tuple[object, ...] | None]]:
        """Each verbatim block with the item it is written after (None: first, before any item).

        A block whose item was removed goes after the last item written, so where a block stands
        depends only on the rendered text (load(render(m)) == m holds after deletions too).
        """
        known = {item.identity for item in self.items}
        ordered = sorted(self.items, key=lambda i: (i.header if isinstance(i, Block) else i).command.rank)
        last = ordered[-1].identity if ordered else None
        return [(v, v.anchor if v.anchor is None or v.anchor in known else last) for v in self.verbatim]

    def signature(self) -> tuple[object, ...]:
        return (
            tuple(sorted((i.signature() for i in self.items), key=repr)),
            # blocks after the same item keep their order; between items only the anchor matters
            tuple(sorted(((tuple(v.lines), anchor) for v, anchor in self.placed_verbatim()), key=lambda b: repr(b[1]))),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RunningConfig) and self.signature() == other.signature()


def apply(container: ItemList, statement: Statement, mode: str) -> Block | None:
    """Store ``statement`` in ``container`` by its command's rules; returns an entered block."""
    command = statement.command
    if command.negated:
        _remove(container, statement)
        if command.keep_no:
            container.put(statement.identity, statement)
        return None
    if command.store == "block":
        found = container.lookup(statement.identity)
        if isinstance(found, Block):
            return found
        block = Block.new(statement, command.enters or mode)
        container.add(block)
        return block
    if command.store == "sequenced":
        statement = _numbered(container, statement)
        container.top_sequence = max(container.top_sequence, int(str(statement.args["seq"])))
    if command.store == "merge":
        statement = _merged(container, statement)
    container.put(statement.identity, statement)
    return None


def _remove(container: ItemList, negation: Statement) -> None:
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
    container.remove_where(named)


def _list_arg(statement: Statement) -> str:
    return next(name for name in statement.command.list_captures)


def _merged(container: ItemList, statement: Statement) -> Statement:
    name = _list_arg(statement)
    present = container.lookup(statement.identity)
    values = list(present.args[name]) if isinstance(present, Statement) and not present.negated else []
    values += [v for v in statement.args[name] if v not in values]
    return _with_values(statement, name, values)


def _unmerge(container: ItemList, negation: Statement) -> None:
    name = _list_arg(negation)
    present = container.lookup(negation.identity)
    if not isinstance(present, Statement) or present.negated:
        return
    remaining = [v for v in present.args[name] if v not in negation.args[name]]
    if remaining:
        container.put(present.identity, _with_values(present, name, remaining))
    else:
        container.remove_where(lambda item: item is present)


def _with_values(statement: Statement, name: str, values: list[str]) -> Statement:
    head = statement.text.split()[0]
    args = MappingProxyType({**statement.args, name: tuple(values)})
    return Statement(statement.command, args, f"{head} {' '.join(values)}", statement.line)


def _numbered(container: ItemList, statement: Statement) -> Statement:
    """The entry with its sequence number in ``args`` and not in ``text`` (nvgen prefixes it)."""
    if "seq" in statement.args:
        statement.text = statement.text.split(" ", 1)[1]
        return statement
    next_number = container.top_sequence + SEQUENCE_STEP
    if next_number > SEQUENCE_MAX:
        raise ApplyError("% Sequence number out of range: give the entry a free sequence number")
    args = MappingProxyType({**statement.args, "seq": str(next_number)})
    return Statement(statement.command, args, statement.text, statement.line)
