"""YAML text for `log_dict` without PyYAML: the exact characters MLflow's
`yaml.dump(dictionary, indent=2, default_flow_style=False)` writes, for JSON-like data.

JSON-like means: `dict`, `list`, `str`, `int`, `float`, `bool` and `None`, of exactly those types (PyYAML
writes a subclass, an `OrderedDict` or an `IntEnum`, with Python tags), with no list or dict reached twice
(PyYAML writes those with anchors and aliases). `dump` returns None for anything else, and the caller hands it to
PyYAML.

The writer follows PyYAML's rules for that subset (PyYAML 6, pure-Python `Dumper`, whose output MLflow stores):
- mappings sorted by key when the keys can be sorted, else in insertion order; block style, a sequence inside a
  mapping not indented (`key:` then `- item` at the key's column); empty ones in flow style, `[]` and `{}`;
- a string plain when YAML would read it back as the same string, else single-quoted, else double-quoted with
  escapes: non-ASCII characters are escaped (`allow_unicode` is off), and long lines are folded at 80 columns;
- a key is written `key: value` when it is short (its text and its tag's short name under 128 characters) and
  on one line, else as `? key` then `: value`;
- a document whose root is a plain scalar ends with `...`.
`tests/wrapper/ops/test_yaml_text.py` compares the bytes with PyYAML's on generated data.
"""

from __future__ import annotations

import contextlib
import math
import re
from typing import Any

__all__ = ["dump"]

WIDTH = 80  # PyYAML's best_width when `width` is not given
INDENT = 2
# What YAML 1.1 reads a plain scalar as, by PyYAML's implicit resolvers: a string matching one of these is not
# written plain (it would come back as a bool, a number, null...). `$` as in PyYAML (`re.match`, which lets a
# trailing newline through; such strings are never plain anyway).
_RESOLVED = [
    re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"),
    re.compile(
        r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?"
        r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
        r"|[-+]?\.(?:inf|Inf|INF)"
        r"|\.(?:nan|NaN|NAN))$"
    ),
    re.compile(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
        r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"
    ),
    re.compile(r"^(?:<<|~|null|Null|NULL|=|!|&|\*|)$"),
    re.compile(
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)$"
    ),
]
_BREAKS = "\n\x85\u2028\u2029"
_BLANK = "\0 \t\r" + _BREAKS
# Runs a quoted or plain scalar is written in: spaces, line breaks, a single quote, anything else.
_RUNS = re.compile("( +|[" + _BREAKS + "]+|'|[^ '" + _BREAKS + "]+)")
_ESCAPES = {
    "\0": "0",
    "\x07": "a",
    "\x08": "b",
    "\t": "t",
    "\n": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\r": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\xa0": "_",
    "\u2028": "L",
    "\u2029": "P",
}


class _NotCovered(Exception):
    """The data holds something this writer does not write as PyYAML would."""


def dump(data: Any) -> str | None:
    """The YAML text of `data`, or None when it is not JSON-like data without shared parts."""
    try:
        _check(data, set())
    except (_NotCovered, RecursionError):
        return None
    writer = _Writer()
    writer.document(data)
    return "".join(writer.out)


def _check(data: Any, seen: set[int]) -> None:
    kind = type(data)
    if data is None or kind in (str, int, float, bool):
        return
    if kind not in (dict, list):
        raise _NotCovered
    if id(data) in seen:  # shared or recursive: PyYAML writes an anchor
        raise _NotCovered
    seen.add(id(data))
    for item in data.items() if kind is dict else data:
        if kind is dict:
            key, value = item
            if not (key is None or type(key) in (str, int, float, bool)):
                raise _NotCovered
            _check(value, seen)
        else:
            _check(item, seen)


def _scalar(value: Any) -> tuple[str, str]:
    """(the short name of its tag, its text) for a scalar."""
    if value is None:
        return "!!null", "null"
    if value is True or value is False:
        return "!!bool", "true" if value else "false"
    if type(value) is int:
        return "!!int", str(value)
    if type(value) is float:
        return "!!float", _float_text(value)
    return "!!str", value


def _float_text(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    # repr(1e17) is '1e+17', which YAML 1.1 does not read as a float; '1.0e+17' it does.
    return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text


class _Analysis:
    """What a string holds that decides the styles it may be written in."""

    def __init__(self, text: str) -> None:
        self.empty = not text
        self.multiline = any(ch in _BREAKS for ch in text)
        self.plain = True
        self.single_quoted = True
        if not text:
            return
        block_indicators = text.startswith(("---", "..."))
        leading_or_trailing = text[0] in " " + _BREAKS or text[-1] in " " + _BREAKS
        break_space = space_break = special = False
        for index, ch in enumerate(text):
            followed_by_blank = index + 1 >= len(text) or text[index + 1] in _BLANK
            if index == 0:
                if ch in "#,[]{}&*!|>'\"%@`" or (ch in "?:-" and followed_by_blank):
                    block_indicators = True
            elif (ch == ":" and followed_by_blank) or (ch == "#" and text[index - 1] in _BLANK):
                block_indicators = True
            if not (ch == "\n" or " " <= ch <= "~"):
                # Not printable ASCII: written escaped, which only double quotes can hold (allow_unicode is off).
                special = True
            if index > 0:
                before = text[index - 1]
                if ch == " " and before in _BREAKS:
                    break_space = True
                if ch in _BREAKS and before == " ":
                    space_break = True
        if leading_or_trailing or self.multiline or block_indicators:
            self.plain = False
        if break_space or space_break or special:
            self.plain = self.single_quoted = False


class _Writer:
    """PyYAML's block emitter, for the subset `dump` covers: the column, whether the last character written was
    whitespace, whether only indentation is on the line (`indention`), the indentation of each open collection."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.column = 0
        self.whitespace = True
        self.indention = True
        self.open_ended = False
        self.indent: int | None = None
        self.indents: list[int | None] = []

    # --- documents and nodes ------------------------------------------------------------------------------

    def document(self, data: Any) -> None:
        self.node(data, root=True)
        self.write_indent()
        if self.open_ended:
            self.indicator("...", need_space=True)
            self.write_indent()

    def node(self, data: Any, *, root: bool = False, in_mapping: bool = False, simple_key: bool = False) -> None:
        if type(data) is dict:
            self.mapping(data)
        elif type(data) is list:
            self.sequence(data, in_mapping=in_mapping)
        else:
            self.push_indent(flow=True)
            self.scalar(*_scalar(data), root=root, simple_key=simple_key)
            self.pop_indent()

    def sequence(self, items: list[Any], *, in_mapping: bool) -> None:
        if not items:
            self.empty_flow("[", "]")
            return
        # A sequence that is a mapping's value starts at the key's column (unless the line already holds only
        # indentation, as after `- `).
        self.push_indent(flow=False, indentless=in_mapping and not self.indention)
        for item in items:
            self.write_indent()
            self.indicator("-", need_space=True, indention=True)
            self.node(item)
        self.pop_indent()

    def mapping(self, mapping: dict[Any, Any]) -> None:
        if not mapping:
            self.empty_flow("{", "}")
            return
        items = list(mapping.items())
        # Keys that cannot be compared (a str and an int) stay in insertion order, as PyYAML leaves them.
        with contextlib.suppress(TypeError):
            items = sorted(items)
        self.push_indent(flow=False)
        for key, value in items:
            self.write_indent()
            tag, text = _scalar(key)
            analysis = _Analysis(text)
            if len(tag) + len(text) < 128 and not analysis.empty and not analysis.multiline:
                self.push_indent(flow=True)
                self.scalar(tag, text, simple_key=True, analysis=analysis)
                self.pop_indent()
                self.indicator(":", need_space=False)
            else:
                self.indicator("?", need_space=True, indention=True)
                self.node(key, in_mapping=True)
                self.write_indent()
                self.indicator(":", need_space=True, indention=True)
            self.node(value, in_mapping=True)
        self.pop_indent()

    def empty_flow(self, start: str, end: str) -> None:
        self.indicator(start, need_space=True, whitespace=True)
        self.push_indent(flow=True)
        self.pop_indent()
        self.indicator(end, need_space=False)

    def push_indent(self, *, flow: bool, indentless: bool = False) -> None:
        self.indents.append(self.indent)
        if self.indent is None:
            self.indent = INDENT if flow else 0
        elif not indentless:
            self.indent += INDENT

    def pop_indent(self) -> None:
        self.indent = self.indents.pop()

    # --- scalars ------------------------------------------------------------------------------------------

    def scalar(
        self,
        tag: str,
        text: str,
        *,
        root: bool = False,
        simple_key: bool = False,
        analysis: _Analysis | None = None,
    ) -> None:
        analysis = analysis or _Analysis(text)
        # Plain when a YAML reader gives back the same value: a number's text reads as that number, a string
        # must not read as anything else.
        reads_back = tag != "!!str" or not any(pattern.match(text) for pattern in _RESOLVED)
        split = not simple_key
        if reads_back and analysis.plain and not (simple_key and (analysis.empty or analysis.multiline)):
            self.plain(text, root=root, split=split)
        elif analysis.single_quoted and not (simple_key and analysis.multiline):
            self.single_quoted(text, split=split)
        else:
            self.double_quoted(text, split=split)

    def plain(self, text: str, *, root: bool, split: bool) -> None:
        if root:
            self.open_ended = True
        if not text:
            return
        if not self.whitespace:
            self.write(" ")
        self.whitespace = self.indention = False
        # A plain scalar has no line break and no space at either end: only a single space past the width
        # becomes a fold.
        for run in _RUNS.findall(text):
            if run == " " and self.column > WIDTH and split:
                self.write_indent()
                self.whitespace = self.indention = False
            else:
                self.write(run)

    def single_quoted(self, text: str, *, split: bool) -> None:
        self.indicator("'", need_space=True)
        at = 0
        for run in _RUNS.findall(text):
            if run == "'":
                self.write("''")
            elif run[0] == " ":
                # A single space past the width becomes a fold, unless it starts or ends the text.
                if run == " " and self.column > WIDTH and split and 0 < at < len(text) - 1:
                    self.write_indent()
                else:
                    self.write(run)
            elif run[0] in _BREAKS:
                # Each line break is written, and one more before a run starting with "\n": inside quotes a lone
                # break reads back as a space.
                if run[0] == "\n":
                    self.line_break()
                for br in run:
                    self.line_break(br)
                self.write_indent()
            else:
                self.write(run)
            at += len(run)
        self.indicator("'", need_space=False)

    def double_quoted(self, text: str, *, split: bool) -> None:
        self.indicator('"', need_space=True)
        start = 0
        length = len(text)
        for end in range(length + 1):
            ch = text[end] if end < length else None
            if ch is None or ch in '"\\\x85\u2028\u2029\ufeff' or not " " <= ch <= "~":
                if start < end:
                    self.write(text[start:end])
                    start = end
                if ch is not None:
                    self.write("\\" + _escape(ch))
                    start = end + 1
            # Fold a long line at a space (or right after an escape): a trailing backslash joins the lines.
            if 0 < end < length - 1 and (ch == " " or start >= end) and self.column + (end - start) > WIDTH and split:
                self.write(text[start:end] + "\\")
                start = max(start, end)
                self.write_indent()
                self.whitespace = self.indention = False
                if text[start] == " ":
                    self.write("\\")
        self.indicator('"', need_space=False)

    # --- characters ---------------------------------------------------------------------------------------

    def write(self, data: str) -> None:
        self.column += len(data)
        self.out.append(data)

    def indicator(self, text: str, *, need_space: bool, whitespace: bool = False, indention: bool = False) -> None:
        self.write(text if self.whitespace or not need_space else " " + text)
        self.whitespace = whitespace
        self.indention = self.indention and indention
        self.open_ended = False

    def write_indent(self) -> None:
        indent = self.indent or 0
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self.line_break()
        if self.column < indent:
            self.whitespace = True
            self.write(" " * (indent - self.column))

    def line_break(self, data: str = "\n") -> None:
        self.out.append(data)
        self.whitespace = self.indention = True
        self.column = 0


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"x{code:02X}"
    if code <= 0xFFFF:
        return f"u{code:04X}"
    return f"U{code:08X}"
