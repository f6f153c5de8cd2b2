"""Reader for FRR-style command syntax strings (DESIGN.md §3), built with pyparsing.

A syntax string such as ``reconnect [timeout (600-86400)$seconds]`` becomes a small tree of
:class:`Keyword`, :class:`Variable`, :class:`Seq`, :class:`Choice`, :class:`Opt` and
:class:`Repeat` nodes. The tree is compiled into the command graph by ``graph.py``.
"""

from __future__ import annotations

from functools import lru_cache

import pyparsing as pp

from iosxe_sim.parser.nodes import Choice, Keyword, Node, Opt, Repeat, Seq, Variable, VarKind


class SyntaxStringError(ValueError):
    """A grammar file holds a syntax string that this reader cannot read."""


def _atom(tokens: pp.ParseResults) -> Node:
    text: str = tokens[0]
    capture = tokens[1] if len(tokens) > 1 else None
    if text.startswith("(") and text.endswith(")"):
        low, high = (int(n) for n in text[1:-1].split("-"))
        if low > high:
            raise SyntaxStringError(f"range {text} runs backwards")
        return Variable(VarKind.RANGE, capture, low, high)
    kind = _VAR_WORDS.get(text)
    if kind is not None:
        return Variable(kind, capture)
    return Keyword(text, capture)


_VAR_WORDS = {
    "WORD": VarKind.WORD,
    "LINE": VarKind.LINE,
    "A.B.C.D": VarKind.IPV4,
    "A.B.C.D/M": VarKind.PREFIX,
    "X:X::X:X": VarKind.IPV6,
    "IFNAME": VarKind.IFNAME,
    "HEX": VarKind.HEX,
}


@lru_cache(maxsize=1)
def _grammar() -> pp.ParserElement:
    capture = pp.Regex(r"\$(\w+)").set_parse_action(lambda t: t[0][1:]).leave_whitespace()
    word = pp.Regex(r"\(\d+-\d+\)|[A-Za-z0-9.:/*][A-Za-z0-9_.:/*#@+=-]*")
    expr = pp.Forward()
    atom = (word + pp.Optional(capture)).set_parse_action(_atom)

    def group(open_: str, close: str, make: type) -> pp.ParserElement:
        body = pp.Suppress(open_) + pp.DelimitedList(expr, "|") + pp.Suppress(close)
        element = pp.Group(body) + pp.Optional(capture, default=None)

        def build(tokens: pp.ParseResults) -> Node:
            options = tuple(tokens[0])
            capture_name = tokens[1]
            inner: Node = options[0] if len(options) == 1 else Choice(options)
            if make is Choice:
                return Choice(options, capture_name)
            return make(inner, capture_name)

        return element.set_parse_action(build)

    element = group("<", ">", Choice) | group("[", "]", Opt) | group("{", "}", Repeat) | atom
    expr <<= pp.OneOrMore(element).set_parse_action(
        lambda t: t[0] if len(t) == 1 else Seq(tuple(t))
    )
    return expr


def parse_syntax(text: str) -> Node:
    """Parse one syntax string; raises :class:`SyntaxStringError` on malformed input."""
    try:
        result = _grammar().parse_string(text, parse_all=True)
    except SyntaxStringError as exc:
        raise SyntaxStringError(f"{text!r}: {exc}") from None
    except pp.ParseBaseException as exc:
        raise SyntaxStringError(f"{text!r}: {exc}") from None
    return result[0]
