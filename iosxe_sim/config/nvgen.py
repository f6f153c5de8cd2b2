"""nvgen: the model written back as ``show running-config`` prints it.

Top-level commands come in IOS order (the grammar's ``rank``; ranks in the same ten are one
section without ``!`` between them), sub-mode lines in the order their
mode's grammar file declares them, one space of indent per level, ``!`` after every block.
Unmodelled blocks are written back verbatim after the modelled item they followed.
"""

from __future__ import annotations

from collections import defaultdict

from iosxe_sim.config.model import Block, Item, RunningConfig, Statement, Verbatim
from iosxe_sim.parser.grammar import Grammar


def _sorted_children(block: Block, grammar: Grammar) -> list[Item]:
    order = {c.id: n for n, c in enumerate(grammar.modes[block.mode].commands)}

    def key(item: Item) -> tuple[int, int]:
        statement = item.header if isinstance(item, Block) else item
        if statement.command.store == "sequenced":
            return (0, int(str(statement.args["seq"])))
        return (order.get(statement.command.id, 1 << 20), 0)

    return sorted(block.children, key=key)


def _block_lines(block: Block, grammar: Grammar, depth: int, out: list[str]) -> None:
    out.append(" " * depth + block.header.rendered())
    for child in _sorted_children(block, grammar):
        if isinstance(child, Block):
            _block_lines(child, grammar, depth + 1, out)
        else:  # a multiline child (a certificate's hex dump) keeps its lines' relative indent
            out.extend(" " * (depth + 1) + line for line in child.rendered().split("\n"))
    out.extend(" " * (depth + 1) + line for line in block.verbatim)


def block_lines(block: Block, grammar: Grammar) -> list[str]:
    """One block as nvgen writes it (``show running-config interface X``)."""
    out: list[str] = []
    _block_lines(block, grammar, 0, out)
    return out


def _statement_lines(statement: Statement) -> list[str]:
    return statement.rendered().split("\n")


def render_body(config: RunningConfig, grammar: Grammar) -> list[str]:
    """The configuration lines between the header and ``end``."""
    anchored: dict[object, list[Verbatim]] = defaultdict(list)
    for block, anchor in config.placed_verbatim():
        anchored[anchor].append(block)
    out: list[str] = ["!"]

    def verbatim_after(anchor: object) -> None:
        for block in anchored.pop(anchor, []):
            out.extend(block.lines)
            if len(block.lines) > 1:  # a block with sub-lines ends with "!", as IOS writes it
                out.append("!")

    verbatim_after(None)
    previous_rank = None
    ordered = sorted(config.items, key=lambda i: _rank(i))
    for item, following in zip(ordered, ordered[1:] + [None]):
        rank = _rank(item)
        if previous_rank is not None and rank // 10 != previous_rank // 10 and out[-1] != "!":
            out.append("!")
        previous_rank = rank
        if isinstance(item, Block):
            _block_lines(item, grammar, 0, out)
            if not (item.header.command.compact and _same_command(item, following)):
                out.append("!")
        else:
            out.extend(_statement_lines(item))
        verbatim_after(item.identity)
    if out[-1] != "!":
        out.append("!")
    return out


def _same_command(item: Block, following: Item | None) -> bool:
    return isinstance(following, Block) and following.header.command.id == item.header.command.id


def _rank(item: Item) -> int:
    return (item.header if isinstance(item, Block) else item).command.rank


def render_running_config(config: RunningConfig, grammar: Grammar) -> str:
    """The full ``show running-config`` text, with IOS's header and real byte count."""
    body = "\n".join(render_body(config, grammar) + ["end", ""])
    size = len(body.encode("utf-8"))
    return f"Building configuration...\n\nCurrent configuration : {size} bytes\n{body}"
