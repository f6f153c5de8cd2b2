"""Shared helpers for the parser/grammar/config tests: the shipped grammar and a line generator.

The generator walks the compiled command graph (``Command.first`` / ``Position.follow``) and
produces a token for every position it passes, so every line it writes is valid by construction
for the grammar that is loaded, whatever the grammar files hold.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from iosxe_sim.config.loader import (
    ConfigEditor,
    LineReport,
    LoadResult,
    Problem,
    load_config,
    multiline_reader,
)
from iosxe_sim.config.model import Block, RunningConfig, Statement
from iosxe_sim.config.nvgen import render_body
from iosxe_sim.parser import graph
from iosxe_sim.parser.grammar import Grammar, grammar_files, load_grammar
from iosxe_sim.parser.graph import INTERFACE_TYPES, Command, Position
from iosxe_sim.parser.match import Matched, Matcher
from iosxe_sim.parser.nodes import VarKind

REPO = Path(__file__).parent.parent
GRAMMAR_DIR = REPO / "grammars"
EXAMPLES = REPO / "examples"
SEED_GATEWAY = EXAMPLES / "seed-gateway.cfg"
SEED_FRAGMENT = EXAMPLES / "seed-fragment.cfg"

MAX_TOKENS = 14  # soft budget per generated line; past it the walk heads for an accepting position
MAX_DEPTH = 3  # sub-mode nesting of generated configs (config > keyring > peer)
# Explicit ACL sequence numbers stay far below 2147483647: auto-numbering after the top entry
# overflows the range (a known bug, pinned by test_acl_auto_numbering_stays_within_the_sequence_range).
MAX_GENERATED_SEQ = 1_000_000


@cache
def grammar() -> Grammar:
    return load_grammar(grammar_files(GRAMMAR_DIR))


@cache
def matcher() -> Matcher:
    return Matcher(grammar())


def shipped_files() -> list[tuple[str, str]]:
    return grammar_files(GRAMMAR_DIR)


def load(text: str) -> LoadResult:
    return load_config(text, grammar(), matcher())


# -- walking the graph ------------------------------------------------------------------------
def reachable(command: Command) -> list[Position]:
    return graph.reachable(command.first)


@cache
def _distances(command: Command) -> dict[int, int]:
    """Fewest further tokens from each position to a position where the command may end."""
    positions = reachable(command)
    far = 1 << 20
    dist = {id(p): (0 if p.accepting else far) for p in positions}
    changed = True
    while changed:
        changed = False
        for p in positions:
            for f in p.follow:
                if dist[id(f)] + 1 < dist[id(p)]:
                    dist[id(p)] = dist[id(f)] + 1
                    changed = True
    return dist


def is_line(position: Position) -> bool:
    return not position.is_keyword and position.token.kind is VarKind.LINE


_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."


def word_value(rnd: random.Random) -> str:
    """A WORD that no keyword starts with and no number/address/interface variable accepts."""
    return "Zq" + "".join(rnd.choice(_WORD_CHARS) for _ in range(rnd.randint(0, 8)))


def variable_token(position: Position, rnd: random.Random) -> str:
    var = position.token
    kind = var.kind
    if kind is VarKind.WORD:
        return word_value(rnd)
    if kind is VarKind.LINE:
        return " ".join(word_value(rnd) for _ in range(rnd.randint(1, 4)))
    if kind is VarKind.RANGE:
        high = var.high
        if any(name == "seq" for name, _ in position.captures):
            high = min(high, MAX_GENERATED_SEQ)
        edge = rnd.random()
        if edge < 0.2:
            return str(var.low)
        if edge < 0.4:
            return str(high)
        return str(rnd.randint(var.low, high))
    if kind is VarKind.IPV4:
        return ".".join(str(rnd.randint(0, 255)) for _ in range(4))
    if kind is VarKind.PREFIX:
        return ".".join(str(rnd.randint(0, 255)) for _ in range(4)) + f"/{rnd.randint(0, 32)}"
    if kind is VarKind.IPV6:
        return str(ipaddress.IPv6Address(rnd.getrandbits(128)))
    if kind is VarKind.IFNAME:
        return rnd.choice(INTERFACE_TYPES) + str(rnd.randint(0, 4095))
    return "".join(rnd.choice("0123456789abcdefABCDEF") for _ in range(rnd.randint(1, 16)))


def keyword_token(position: Position, rnd: random.Random) -> str:
    word = position.token.word
    roll = rnd.random()
    if roll < 0.15:
        return word.upper()
    if roll < 0.3:
        return word.capitalize()
    return word


def sample_tokens(command: Command, rnd: random.Random) -> list[str]:
    """Tokens of one valid line of ``command``: a random walk to an accepting position."""
    dist = _distances(command)
    position = rnd.choice([p for p in command.first if dist[id(p)] < 1 << 20])
    tokens: list[str] = []
    while True:
        tokens.append(keyword_token(position, rnd) if position.is_keyword else variable_token(position, rnd))
        if is_line(position):
            return tokens  # LINE takes the rest of the line
        options = [f for f in position.follow if dist[id(f)] < 1 << 20 and not (is_line(f) and not f.accepting)]
        if position.accepting and (not options or rnd.random() < 0.35 or len(tokens) >= MAX_TOKENS):
            return tokens
        if len(tokens) >= MAX_TOKENS:
            best = min(dist[id(f)] for f in options)
            options = [f for f in options if dist[id(f)] == best]
        position = rnd.choice(options)


def sample_line(command: Command, rnd: random.Random) -> str:
    return " ".join(sample_tokens(command, rnd))


def generatable(mode: str) -> list[Command]:
    """Commands of a mode a generated config may use (banners read following lines, and exit/end/do
    move between modes, actions like `crypto key generate` are not configuration: left out; a
    certificate's hex dump is generated with it)."""
    return [c for c in grammar().modes[mode].commands
            if c.multiline in (None, "quit") and not c.handler.startswith(("mode.", "action."))]


@dataclass
class GeneratedLine:
    depth: int
    text: str


def generate_config_lines(rnd: random.Random, count: int, negate: float = 0.15) -> list[GeneratedLine]:
    """Random top-level commands of ``config``, with sub-mode lines under the blocks they enter."""
    out: list[GeneratedLine] = []

    def emit(mode: str, depth: int, budget: int) -> None:
        commands = generatable(mode)
        positive = [c for c in commands if not c.negated]
        negative = [c for c in commands if c.negated]
        for _ in range(budget):
            pool = negative if negative and rnd.random() < negate else positive
            command = rnd.choice(pool)
            out.append(GeneratedLine(depth, sample_line(command, rnd)))
            if command.multiline == "quit" and not command.negated:  # hex words of 1-4 bytes, then quit
                words = [rnd.randbytes(rnd.choice((4, 4, 4, 1, 2, 3))).hex().upper() for _ in range(rnd.randint(1, 20))]
                out.extend(GeneratedLine(depth + 1, " ".join(words[n : n + 8])) for n in range(0, len(words), 8))
                out.append(GeneratedLine(depth + 1, "quit"))
            if command.enters and depth + 1 < MAX_DEPTH:
                emit(command.enters, depth + 1, rnd.randint(0, 6))

    emit("config", 0, count)
    return out


def build_model(lines: list[GeneratedLine]) -> tuple[RunningConfig, list[str]]:
    """Apply generated lines with a mode stack, as a typed session would; returns (model, misses)."""
    editor = ConfigEditor(grammar(), matcher())
    misses: list[str] = []
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        start = number
        while len(editor.stack) - 1 > line.depth:
            editor.exit_mode()
        depth, result = editor.attempt(line.text)
        if not isinstance(result, Matched):
            misses.append(f"{line.text!r}: {result}")
            continue
        if result.command.multiline:
            reader = multiline_reader(result)
            while not reader.done and number < len(lines):
                reader.feed(lines[number].text)
                number += 1
            result = reader.result()
        editor.apply(depth, result, start)
    return editor.config, misses


def indented(lines: list[GeneratedLine]) -> str:
    return "".join(" " * line.depth + line.text + "\n" for line in lines)


# -- helpers shared by the loader tests ---------------------------------------------------------------
INVALID = "% Invalid input detected at '^' marker."
INCOMPLETE = "% Incomplete command."
PSK = "% IKEv2 reconnect cannot be configured with pre-shared key authentication ({})"


def body(config: RunningConfig) -> list[str]:
    return render_body(config, grammar())


def profile(config: RunningConfig, name: str) -> Block:
    found = [b for b in config.blocks("ikev2.profile") if b.name == name]
    assert len(found) == 1, [b.name for b in config.blocks("ikev2.profile")]
    return found[0]


def child_texts(block: Block) -> list[str]:
    return [c.rendered() if isinstance(c, Statement) else c.header.rendered() for c in block.children]


def brief(reports: list[LineReport]) -> list[tuple[int, int, Problem, str]]:
    return [(r.line, r.column, r.problem, r.message) for r in reports]
