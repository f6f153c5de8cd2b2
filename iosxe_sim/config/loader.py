"""Loading configuration text into the model, line by line, as IOS applies a paste.

A line is tried in the current mode, then in each parent mode (IOS's implicit exit). Indentation
helps where IOS has nothing to go on: the sub-lines of a command we do not model are kept with it,
and a line indented under a block is never taken for an unmodelled top-level command. Every line
is either applied or reported; a bad line never costs a good one.
"""

from __future__ import annotations

import enum
import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType

from iosxe_sim.config import guards, passwords
from iosxe_sim.config.model import ApplyError, Block, Item, RunningConfig, Statement, Verbatim, apply
from iosxe_sim.parser.grammar import CONFIG_MODE, Grammar
from iosxe_sim.parser.match import (
    MAX_LINE,
    Ambiguous,
    Incomplete,
    Invalid,
    Matched,
    Matcher,
    MatchResult,
    ios_message,
)

MAX_LINES = 2_000_000
MODE_HANDLERS = ("mode.exit", "mode.end", "mode.do")
_HEADER = re.compile(r"(Building configuration\.\.\.|Current configuration\s*:\s*\d+ bytes)\s*$")
BANNER_DELIMITER = "^C"
_HEX_WORDS = re.compile(r"[0-9A-Fa-f]+(?:[ \t]+[0-9A-Fa-f]+)*")  # how show running-config writes every banner delimiter


class Problem(enum.Enum):
    INVALID = "invalid"
    INCOMPLETE = "incomplete"
    AMBIGUOUS = "ambiguous"
    REJECTED = "rejected"
    UNMODELLED = "unmodelled"
    EXEC = "exec"
    TOO_LONG = "too-long"
    UNCLOSED = "unclosed"  # a banner whose delimiter never comes again: the rest is its text


@dataclass(frozen=True, slots=True)
class LineReport:
    """One line the loader did not apply as a modelled command."""

    line: int  # 1-based
    column: int  # 0-based offset into ``text``
    problem: Problem
    message: str  # IOS's own text where IOS has one
    text: str
    related_line: int | None = None


@dataclass
class _Level:
    mode: str
    container: list[Item]
    block: Block | None
    indent: int
    indented: bool | None = None  # do this block's lines sit deeper than its header? (decided by the first)


@dataclass
class ConfigEditor:
    """Applies lines to a running-config with a mode stack; shared by the loader and the device."""

    grammar: Grammar
    matcher: Matcher
    config: RunningConfig = field(default_factory=RunningConfig)
    randbelow: Callable[[int], int] | None = None  # salts for hashed secrets (seeded: reproducible)
    stack: list[_Level] = field(default_factory=list)
    last_identity: tuple[object, ...] | None = None  # the top-level item the last top-level line changed

    def __post_init__(self) -> None:
        if not self.stack:
            self.stack.append(_Level("config", self.config.items, None, -1))

    @property
    def mode(self) -> str:
        return self.stack[-1].mode

    def exit_mode(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()

    def end(self) -> None:
        del self.stack[1:]

    def attempt(self, text: str, deepest: int | None = None) -> tuple[int, MatchResult]:
        """Match in the current mode, then its parents; returns (stack depth, result)."""
        top = len(self.stack) - 1 if deepest is None else deepest
        result = self.matcher.match_line(self.stack[top].mode, text)
        if isinstance(result, Matched):  # the common case: the line belongs where it stands
            return top, result
        results: list[tuple[int, MatchResult]] = [(top, result)]
        for depth in range(top - 1, -1, -1):
            result = self.matcher.match_line(self.stack[depth].mode, text)
            if isinstance(result, Matched):
                return depth, result
            results.append((depth, result))
        return max(results, key=lambda r: _progress(r[1]))

    def apply(self, depth: int, matched: Matched, line: int, indent: int = 0) -> guards.Rejection | None:
        """Apply a matched line at a stack depth (popping to it); enter its sub-mode if any."""
        if depth + 1 < len(self.stack):
            del self.stack[depth + 1 :]
        level = self.stack[-1]
        statement = Statement(matched.command, matched.args, matched.written, line)
        if matched.command.handler in passwords.PASSWORD_HANDLERS:
            statement = passwords.keep(self.config, statement, self.randbelow)
        if not statement.negated and (problem := guards.value_problem(statement.handler, statement.args)):
            return guards.Rejection(problem, None)  # typed or booted alike: IOS refuses the value
        if level.block is not None:
            rejection = guards.check(level.block, statement)
            if rejection is not None:
                return rejection
        try:
            entered = apply(level.container, statement, level.mode)
        except ApplyError as exc:
            return guards.Rejection(str(exc), None)
        self.config.generation += 1
        if depth == 0:
            self.last_identity = statement.identity
        if entered is not None:
            self.stack.append(_Level(entered.mode, entered.children, entered, indent))
        return None

    def keep_unmodelled(self, text: str, result: MatchResult) -> str | None:
        """A typed line IOS knows but we do not model: kept verbatim in the open block or at top
        level (an unmodelled sub-mode's own lines are not followed); returns its root."""
        block = self.stack[-1].block
        root = unmodelled_root(self.grammar, self.mode, text, result) if block is not None else None
        if root is not None and block is not None:
            block.keep_verbatim([text.strip()])
        elif (root := unmodelled_root(self.grammar, CONFIG_MODE, text, result)) is not None:
            self.end()
            self.config.verbatim.append(Verbatim([text.strip()], 0, self.last_identity))
        else:
            return None
        self.config.generation += 1
        return root

    def deepest_for(self, indent: int) -> int:
        """The innermost level a line with this indentation may belong to.

        In an indented config a line no deeper than a block's header has left that block (so a
        global ``banner`` after an authorization policy is not taken for the policy's banner); in
        an unindented paste only IOS's implicit exit applies.
        """
        depth = len(self.stack) - 1
        if depth == 0:
            return 0
        for level in self.stack[1:]:
            if level.indented is None:
                level.indented = indent > level.indent
        while depth > 0 and self.stack[depth].indented and indent <= self.stack[depth].indent:
            depth -= 1
        return depth


def _progress(result: MatchResult) -> int:
    return result.column if isinstance(result, Invalid) else 1 << 30


@dataclass
class LoadResult:
    config: RunningConfig
    reports: list[LineReport]
    lines: list[str] = field(default_factory=list)  # the source lines as the loader numbered them
    _by_problem: dict[Problem, list[LineReport]] | None = field(default=None, init=False, repr=False)

    def reports_of(self, problem: Problem) -> list[LineReport]:
        """The reports of one kind, in line order (grouped once, on the first question)."""
        if self._by_problem is None:
            groups: dict[int, list[LineReport]] = {id(p): [] for p in Problem}  # id: enum hashing is slow
            for report in self.reports:
                groups[id(report.problem)].append(report)
            self._by_problem = {p: groups[id(p)] for p in Problem}
        return self._by_problem[problem]


def split_lines(text: str) -> list[str]:
    """A text's lines as the loader numbers them: split at LF, a CR before it dropped (lone
    surrogates, undecodable bytes smuggled in a str, become U+FFFD)."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return lines if _encodable(text) else [_text_line(line) for line in lines]


def load_config(
    text: str | list[str], grammar: Grammar, matcher: Matcher, randbelow: Callable[[int], int] | None = None
) -> LoadResult:
    """Load a whole configuration text (saved running-config, paste, file), or its ``split_lines``
    (the caller may then free the text first: for a big file that is a third of the peak).

    The cyclic garbage collector is paused meanwhile: the model is built of ~100k small objects
    that live on, which only makes the collector rescan them over and over (~25% of the time).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(split_lines(text) if isinstance(text, str) else text, grammar, matcher, randbelow)
    finally:
        if collecting:
            gc.enable()


def _load(lines: list[str], grammar: Grammar, matcher: Matcher, randbelow: Callable[[int], int] | None) -> LoadResult:
    reports: list[LineReport] = []
    if len(lines) > MAX_LINES:
        reports.append(LineReport(MAX_LINES + 1, 0, Problem.TOO_LONG,
                                  f"% Configuration too long: lines after {MAX_LINES} were not read", ""))
        lines = lines[:MAX_LINES]
    editor = ConfigEditor(grammar, matcher, randbelow=randbelow)
    stack, match = editor.stack, matcher.match_line
    index, count = 0, len(lines)
    while index < count:
        raw = lines[index]
        index += 1
        body = raw.lstrip()
        if not body or body[0] == "!" or (body[0] in "BC" and _HEADER.match(body)):
            continue
        if "\t" in raw:
            raw = raw.replace("\t", " ")
        number = index
        indent = len(raw) - len(body)
        if len(raw) > MAX_LINE:
            reports.append(LineReport(number, 0, Problem.TOO_LONG, f"% Line too long (over {MAX_LINE} characters)",
                                      raw[:200]))
            continue
        top = stack[-1]
        if len(stack) == 1:
            deepest = 0
        elif top.indented and indent > top.indent:  # the common case: a line of the open block
            deepest = len(stack) - 1
        else:
            deepest = editor.deepest_for(indent)
        depth, result = deepest, match(stack[deepest].mode, raw)
        if type(result) is not Matched and deepest:
            depth, result = editor.attempt(raw, deepest)  # IOS's implicit exit: the parent modes
        if type(result) is Matched:
            command = result.command
            if command.handler in MODE_HANDLERS:
                _mode_command(editor, result, number, raw, reports)
                continue
            if command.handler.startswith("action."):  # `crypto key generate rsa`: acts once, not stored
                reports.append(LineReport(number, indent, Problem.EXEC, "not applied: a command that acts once "
                                          "when typed, not a configuration line", raw))
                continue
            if command.multiline:
                first = index
                index, result = _banner(lines, index, result)
                if isinstance(result, Unclosed):
                    swallowed = len("\n".join(lines[first:index]).rstrip().splitlines())
                    reports.append(result.report(number, raw, swallowed))
                    result = result.matched
            rejection = editor.apply(depth, result, number, indent)
            if rejection is not None:
                related = rejection.conflicting.line if rejection.conflicting else None
                reports.append(LineReport(number, indent, Problem.REJECTED, rejection.message, raw, related or None))
            continue
        block = stack[deepest].block
        root = unmodelled_root(grammar, stack[deepest].mode, raw, result) if block is not None else None
        if root is not None and block is not None:  # a sub-mode command we do not model
            end = _sub_lines_end(lines, index, indent)
            block.keep_verbatim([body.rstrip()] + [lines[i][indent:].rstrip() for i in range(index, end)])
            reports.append(LineReport(number, indent, Problem.UNMODELLED, f"not modelled: {root}", raw))
            index = end
            continue
        root = unmodelled_root(grammar, CONFIG_MODE, raw, result)
        if root is not None and indent <= _block_indent(editor):
            end = _sub_lines_end(lines, index, indent)
            editor.end()
            verbatim = [raw.rstrip()] + [lines[i].rstrip() for i in range(index, end)]
            editor.config.verbatim.append(Verbatim(verbatim, number, editor.last_identity))
            reports.append(LineReport(number, indent, Problem.UNMODELLED, f"not modelled: {root}", raw))
            index = end
            continue
        column = result.column if isinstance(result, Invalid) else indent
        reports.append(LineReport(number, column, _PROBLEMS[type(result)], ios_message(result), raw))
    return LoadResult(editor.config, reports, lines)


def _mode_command(editor: ConfigEditor, matched: Matched, number: int, raw: str, reports: list[LineReport]) -> None:
    """``exit`` and ``end`` move in the mode stack; ``do`` (an EXEC command) is not applied."""
    handler = matched.command.handler
    if handler == "mode.exit":
        editor.exit_mode()
    elif handler == "mode.end":
        editor.end()
    else:
        column = len(raw) - len(raw.lstrip())
        reports.append(LineReport(number, column, Problem.EXEC, "not applied: an EXEC command in a configuration", raw))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text_line(line: str) -> str:
    """Lone surrogates (undecodable bytes smuggled in a str) become U+FFFD, as a decoder would."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in line)
    return line


_PROBLEMS = {Invalid: Problem.INVALID, Incomplete: Problem.INCOMPLETE, Ambiguous: Problem.AMBIGUOUS}


def _block_indent(editor: ConfigEditor) -> int:
    """Lines indented deeper than the open block's header belong to that block."""
    return max(editor.stack[-1].indent, 0) if len(editor.stack) > 1 else 1 << 30


def _sub_lines_end(lines: list[str], index: int, indent: int) -> int:
    """Where the lines indented deeper than ``indent`` that follow ``index`` end."""
    end, count = index, len(lines)
    while end < count:
        line = lines[end]
        body = line.lstrip()  # a tab counts as one blank, as everywhere in the loader
        if not body or len(line) - len(body) <= indent:
            break
        end += 1
    return end


def unmodelled_root(grammar: Grammar, mode: str, raw: str, result: MatchResult) -> str | None:
    """The mode's unmodelled root this line starts with, if our grammar fails no later than the root.

    Only the longest root the line starts with matters: a shorter one would fail the caret test too.
    """
    if not isinstance(result, Invalid):
        return None
    found = _root_sets(grammar).get(mode)
    if found is None:
        return None
    roots, longest = found
    words = raw.lower().split(None, _ROOT_WORDS + 1)
    offset = 1 if words and words[0] in ("no", "default") else 0
    if len(words) <= offset or words[offset] not in longest:
        return None
    for size in range(min(longest[words[offset]], len(words) - offset), 0, -1):
        root = tuple(words[offset : offset + size])
        if root in roots:
            failed_at = len(raw[: result.column].split()) - offset  # the words before the caret
            return " ".join(root) if failed_at <= size else None
    return None


_ROOT_WORDS = 6  # no unmodelled root is longer (checked when the sets are built)
_RootSet = tuple[frozenset[tuple[str, ...]], dict[str, int]]
_ROOT_SETS: dict[int, tuple[object, dict[str, _RootSet]]] = {}


def _root_sets(grammar: Grammar) -> dict[str, _RootSet]:
    """mode -> (the mode's unmodelled roots, the most words a root starting with a word has);
    built once per grammar."""
    cached = _ROOT_SETS.get(id(grammar))
    if cached is not None and cached[0] is grammar.unmodelled:
        return cached[1]
    sets: dict[str, _RootSet] = {}
    for mode, roots in grammar.unmodelled.items():
        longest: dict[str, int] = {}
        for root in roots:
            if len(root) > _ROOT_WORDS:
                raise ValueError(f"unmodelled root {' '.join(root)!r} is longer than {_ROOT_WORDS} words")
            longest[root[0]] = max(longest.get(root[0], 0), len(root))
        sets[mode] = (frozenset(roots), longest)
    _ROOT_SETS[id(grammar)] = (grammar.unmodelled, sets)
    return sets


@dataclass
class Banner:
    """A delimited banner being read: its text runs from the delimiter to the next one, across lines.

    Shared by the loader (lines of a file) and the console (lines typed after IOS's
    "Enter TEXT message.  End with the character 'c'." prompt).
    """

    matched: Matched
    delimiter: str = ""
    lines: list[str] = field(default_factory=list)
    done: bool = False

    def __post_init__(self) -> None:
        text = str(self.matched.args["text"])
        self.delimiter = BANNER_DELIMITER if text.startswith(BANNER_DELIMITER) else text[0]
        self.feed(text[len(self.delimiter):])

    def feed(self, line: str) -> bool:
        if self.delimiter in line:
            self.lines.append(line.split(self.delimiter, 1)[0])
            self.done = True
        else:
            self.lines.append(line)
        return True

    def result(self) -> Matched:
        banner = "\n".join(self.lines)
        kind = self.matched.args["kind"]
        canonical = f"banner {kind} {BANNER_DELIMITER}{banner}{BANNER_DELIMITER}"
        args = MappingProxyType({**self.matched.args, "text": banner})
        return Matched(self.matched.command, args, canonical)


@dataclass
class HexDump:
    """A certificate's hex dump being read (``certificate ca 01`` in ``crypto pki certificate
    chain``): the lines up to ``quit``, written back eight 4-byte words a line, as IOS writes them.

    Shared by the loader and the console (which prints IOS's "Enter the certificate ..." first).
    """

    matched: Matched
    lines: list[str] = field(default_factory=list)
    done: bool = False

    def feed(self, line: str) -> bool:
        """Take one line; False (and done) for a line that is neither hex words nor ``quit``: it
        ends the dump and is read as a command, so a dump without its ``quit`` swallows nothing."""
        text = line.strip()
        if text.lower() == "quit":
            self.done = True
        elif _HEX_WORDS.fullmatch(text):
            self.lines.append(text)
        else:
            self.done = True
            return False
        return True

    def result(self) -> Matched:
        digits = "".join("".join(self.lines).split()).upper()
        words = [digits[n : n + 8] for n in range(0, len(digits), 8)]
        dump = [" " + " ".join(words[n : n + 8]) for n in range(0, len(words), 8)]
        canonical = "\n".join([self.matched.canonical, *dump, " \tquit"])
        return Matched(self.matched.command, MappingProxyType({**self.matched.args, "hex": digits}), canonical)


MultilineReader = Banner | HexDump


def multiline_reader(matched: Matched) -> MultilineReader:
    """The reader of a multiline command's following lines (grammar field ``multiline``)."""
    return HexDump(matched) if matched.command.multiline == "quit" else Banner(matched)


@dataclass(frozen=True, slots=True)
class Unclosed:
    """A banner the file ends inside: IOS takes everything after it as the banner's text."""

    matched: Matched
    delimiter: str
    opened: str  # the banner line from its delimiter on

    def report(self, number: int, raw: str, swallowed: int) -> LineReport:
        kind, line, opened = self.matched.args["kind"], raw.rstrip(), self.opened.rstrip()
        column = len(line) - len(opened) if line.endswith(opened) else 0
        message = f"banner {kind} is never closed: its delimiter {self.delimiter!r} does not come again"
        if swallowed:
            lines = "1 line after it is" if swallowed == 1 else f"{swallowed} lines after it are"
            message += f", so the {lines} read as banner text"
        return LineReport(number, column, Problem.UNCLOSED, message, raw)


def _banner(lines: list[str], index: int, matched: Matched) -> tuple[int, Matched | Unclosed]:
    reader = multiline_reader(matched)
    while not reader.done and index < len(lines):
        if reader.feed(lines[index]):
            index += 1
    if isinstance(reader, Banner) and not reader.done:
        return index, Unclosed(reader.result(), reader.delimiter, str(matched.args["text"]))
    return index, reader.result()
