"""Jupyter notebooks (``.ipynb``): code cells as Python, shell and text.

Only the ``source`` of code cells that change is rewritten, in place in the
JSON text (each changed line string is re-encoded; outputs, metadata and the
file's layout stay byte for byte).  In a cell:

* ``%%bash`` / ``%%sh`` / ``%%script bash`` cells are shell: rules' ``rewrite_command``,
  ``rewrite_assignment`` and ``rewrite_text`` hooks run as in the shell carrier;
* ``!cmd`` lines are shell too (``rewrite_command`` on each);
* the rest is Python: the rules that have a ``transform`` hook run through the
  Python carrier (``triton_migrate.carriers.python``), with ``!`` and ``%`` lines
  masked; a cell that is not valid Python is left to the shell and text hooks;
* ``rewrite_text`` runs on every code cell (names such as image tags and paths).

Each cell is migrated with its own context, so ``# triton-migrate: ignore``
works inside a cell, and findings are moved to the notebook line of the
source string they come from.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from triton_migrate.carriers import (
    Carrier,
    CarrierParseError,
    extension,
    get_carrier,
    run_span_rules,
)
from triton_migrate.carriers._embedded import V1_NAMES
from triton_migrate.context import FileContext
from triton_migrate.shellspans import merge_edits, shell_rule_edits, text_edits
from triton_migrate.text import Edit, LineIndex, apply_edits

if TYPE_CHECKING:
    from triton_migrate.rule import Rule

# Pre-2.0 module names of the V2 client: something to migrate too.
EARLY_V2 = ("tritonhttpclient", "tritongrpcclient", "tritonclientutils", "tritonshmutils")
_SHELL_CELL = re.compile(r"%%(bash|sh|script\s+(ba)?sh)\b")


@dataclass
class JsonString:
    value: str
    start: int
    end: int


@dataclass
class Source:
    """A code cell's ``source``: a list of line strings, or one string."""

    items: list[JsonString]
    is_list: bool
    start: int  # the list's (or string's) span
    end: int


class _Json:
    """A tiny JSON reader that keeps the spans of strings (only what notebooks need)."""

    _WS = re.compile(r"[ \t\r\n]*")
    _STR = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
    _ATOM = re.compile(r"-?\d[\d.eE+-]*|true|false|null")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def ws(self) -> None:
        self.pos = self._WS.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def value(self) -> Any:
        self.ws()
        ch = self.text[self.pos:self.pos + 1]
        start = self.pos
        if ch == "{":
            self.pos += 1
            out: dict[str, Any] = {}
            self.ws()
            if self.text[self.pos] == "}":
                self.pos += 1
                return ("obj", out, start, self.pos)
            while True:
                self.ws()
                key = self.value()
                self.ws()
                self.pos += 1  # ':'
                out[key[1]] = self.value()
                self.ws()
                sep = self.text[self.pos]
                self.pos += 1
                if sep == "}":
                    return ("obj", out, start, self.pos)
        if ch == "[":
            self.pos += 1
            items: list[Any] = []
            self.ws()
            if self.text[self.pos] == "]":
                self.pos += 1
                return ("list", items, start, self.pos)
            while True:
                items.append(self.value())
                self.ws()
                sep = self.text[self.pos]
                self.pos += 1
                if sep == "]":
                    return ("list", items, start, self.pos)
        if ch == '"':
            m = self._STR.match(self.text, self.pos)
            assert m
            self.pos = m.end()
            return ("str", json.loads(m.group(0)), start, self.pos)
        m = self._ATOM.match(self.text, self.pos)
        if not m:
            raise ValueError(f"unexpected {ch!r} at {self.pos}")
        self.pos = m.end()
        return ("atom", m.group(0), start, self.pos)


def code_sources(text: str) -> list[Source]:
    try:
        json.loads(text)
        root = _Json(text).value()
    except (ValueError, IndexError, AssertionError) as exc:
        raise CarrierParseError(f"not valid notebook JSON ({exc})") from None
    if root[0] != "obj" or "cells" not in root[1] or root[1]["cells"][0] != "list":
        raise CarrierParseError("not a notebook (no cells list)")
    sources = []
    for cell in root[1]["cells"][1]:
        if cell[0] != "obj":
            continue
        fields = cell[1]
        kind = fields.get("cell_type")
        if not kind or kind[1] != "code" or "source" not in fields:
            continue
        source = fields["source"]
        if source[0] == "str":
            sources.append(Source([JsonString(source[1], source[2], source[3])], False, source[2], source[3]))
        elif source[0] == "list" and all(item[0] == "str" for item in source[1]):
            sources.append(Source([JsonString(i[1], i[2], i[3]) for i in source[1]], True, source[2], source[3]))
    return sources


class NotebookCarrier(Carrier):
    name = "notebook"
    hooks = ("rewrite_command", "rewrite_assignment", "rewrite_text", "transform")
    label = "Jupyter notebook"
    priority = 15

    def claims(self, path: str, head: bytes) -> bool:
        return extension(path) == ".ipynb"

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        index = LineIndex(text)
        ascii_only = "\\u" in text and not re.search(r"[^\x00-\x7f]", text)
        sources = code_sources(text)
        cells = ["".join(item.value for item in source.items) for source in sources]
        # A notebook without V1 usage is never changed (its cells may use the
        # V2 client names some rules look for, without anything to migrate).
        if not any(V1_NAMES.search(cell) or any(name in cell for name in EARLY_V2) for cell in cells):
            return text
        new_cells = list(cells)
        # Shell (`!` lines, %%bash cells) and name-level rules: cell by cell.
        for k, (source, cell) in enumerate(zip(sources, cells)):
            cell_rules = [r for r in rules if r.may_apply(cell)]
            if not cell_rules:
                continue
            child = FileContext(ctx.path, cell, ctx.settings)
            new_cells[k] = migrate_cell(cell, child, cell_rules)
            ctx.rule = None
            # Findings: cell line k lives in source string k (list form).
            for finding in child.findings:
                ctx.findings.append(_move(finding, source, index))
        # Python: the cells share one namespace, so they are one program (an
        # import in the first cell binds the names of the others).
        python_rules = [r for r in rules if hasattr(r.impl, "transform")]
        python = [k for k, cell in enumerate(new_cells) if cell.strip() and _python_cell(cell)]
        if python_rules and python:
            for k, (new, findings) in _python_program([new_cells[k] for k in python], python, ctx, python_rules).items():
                new_cells[k] = new
                ctx.findings.extend(_move(f, sources[k], index) for f in findings)
        edits: list[Edit] = []
        for source, cell, new in zip(sources, cells, new_cells):
            if new != cell:
                edits.extend(_source_edits(source, new, text, ascii_only))
        return apply_edits(text, edits) if edits else text

    def validate(self, text: str) -> str | None:
        try:
            code_sources(text)
        except CarrierParseError as exc:
            return str(exc)
        return None


def _move(finding: Any, source: Source, index: LineIndex) -> Any:
    def nb_line(line: int) -> int:
        if source.is_list:
            k = min(max(line, 1), len(source.items)) - 1
            return index.position(source.items[k].start)[0]
        return index.position(source.start)[0]

    return replace(finding, line=nb_line(finding.line), end_line=nb_line(finding.end_line))


def _encode(value: str, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)


def _source_edits(source: Source, new: str, text: str, ascii_only: bool) -> list[Edit]:
    if not source.is_list:
        return [Edit(source.start, source.end, _encode(new, ascii_only))]
    lines = new.splitlines(keepends=True)
    old = [item.value for item in source.items]
    if len(lines) == len(old):
        return [Edit(item.start, item.end, _encode(line, ascii_only))
                for item, line in zip(source.items, lines) if line != item.value]
    first = source.items[0]
    line_start = text.rfind("\n", 0, first.start) + 1
    indent = text[line_start:first.start]
    between = text[first.end:source.items[1].start] if len(source.items) > 1 else ",\n" + indent
    joined = between.join(_encode(line, ascii_only) for line in lines)
    return [Edit(first.start, source.items[-1].end, joined)]


_MARK = "__triton_migrate_magic_{}__"
_HELP = re.compile(r"\s*[\w.]+\?\??\s*$")  # IPython's `name?` / `name??`


def migrate_cell(cell: str, ctx: FileContext, rules: list[Rule]) -> str:
    """The shell and text rules on one cell (`%%bash` cells, `!` lines), through
    the span loop every text carrier uses."""
    def edits_for(rule: Rule, cell: str) -> list[Edit]:
        first_line = cell.split("\n", 1)[0]
        edits: list[Edit] = []
        if _SHELL_CELL.match(first_line.strip()):
            body = len(first_line) + 1
            edits.extend(shell_rule_edits(rule, cell, ctx, min(body, len(cell)), len(cell)))
        else:
            for start, end in _bang_lines(cell):
                edits.extend(shell_rule_edits(rule, cell, ctx, start, end))
        return edits + text_edits(rule, cell, ctx)

    return run_span_rules(cell, ctx, rules, edits_for, merge_edits)


_CELL_MARK = "# __triton_migrate_cell_{}__"
# Cell magics whose body is still Python; any other `%%magic` cell (`%%writefile`,
# `%%html`, `%%bash`) holds another language and stays out of the program.
_PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun", "%%python", "%%python3", "%%debug")


def _python_cell(cell: str) -> bool:
    first = cell.lstrip().split("\n", 1)[0].strip()
    return not first.startswith("%%") or first.split()[0] in _PYTHON_CELL_MAGICS


def _python_program(cells: list[str], numbers: list[int], ctx: FileContext,
                    rules: list[Rule]) -> dict[int, tuple[str, list[Any]]]:
    """Migrate Python cells as one program; {cell number: (new cell, findings in cell lines)}.

    Cells are joined with marker comments; text a rule puts before the first
    marker (an import) belongs to the first cell.  When the joined program
    does not parse (a cell that is not Python), each cell is migrated alone.
    """
    masked = [_mask(cell, k) for k, cell in enumerate(cells)]
    parts = []
    starts = []  # first program line (1-based) of each cell's text
    line = 1
    for k, (text, _) in enumerate(masked):
        body = text if text.endswith("\n") or not text else text + "\n"
        parts.append(_CELL_MARK.format(k) + "\n" + body)
        starts.append(line + 1)
        line += 1 + body.count("\n")
    program = "".join(parts)
    child = FileContext(ctx.path, program, ctx.settings)
    new = _run_python(program, child, rules)
    out: dict[int, tuple[str, list[Any]]] = {}
    pieces = _split_cells(new, len(cells)) if new is not None else None
    if pieces is None:
        for k, cell in enumerate(cells):
            alone = FileContext(ctx.path, cell, ctx.settings)
            out[numbers[k]] = (_python(cell, alone, rules), list(alone.findings))
        return out
    for k, piece in enumerate(pieces):
        text, saved = masked[k]
        if not cells[k].endswith("\n") and piece.endswith("\n"):
            piece = piece[:-1]
        findings = []
        for finding in child.findings:
            cell_of = max((j for j, first in enumerate(starts) if first - 1 <= finding.line), default=0)
            if cell_of == k:
                offset = starts[k] - 1
                findings.append(replace(finding, line=max(1, finding.line - offset),
                                        end_line=max(1, finding.end_line - offset)))
        out[numbers[k]] = (_unmask(piece, saved) if piece != text else cells[k], findings)
    return out


def _run_python(program: str, ctx: FileContext, rules: list[Rule]) -> str | None:
    try:
        return get_carrier("python").migrate(program, ctx, rules)
    except CarrierParseError:
        return None


def _split_cells(program: str, count: int) -> list[str] | None:
    pieces = []
    rest = program
    head = ""
    for k in range(count):
        mark = _CELL_MARK.format(k) + "\n"
        at = rest.find(mark)
        if at < 0:
            return None
        if k == 0:
            head = rest[:at]
        else:
            pieces.append(rest[:at])
        rest = rest[at + len(mark):]
    pieces.append(rest)
    pieces[0] = head + pieces[0]
    return pieces


def _mask(cell: str, cell_number: int) -> tuple[str, dict[str, str]]:
    """IPython lines (``!``, ``%``, ``?``) as ``pass`` statements holding a mark."""
    saved: dict[str, str] = {}
    masked_lines = []
    for number, line in enumerate(cell.splitlines(keepends=True)):
        stripped = line.lstrip()
        if stripped.startswith(("!", "%", "?")) or _HELP.match(line):
            mark = _MARK.format(f"{cell_number}_{number}")
            saved[mark] = line
            indent = line[:len(line) - len(stripped)]
            newline = line[len(line.rstrip("\r\n")):]
            masked_lines.append(f"{indent}pass  # {mark}{newline}")
        else:
            masked_lines.append(line)
    return "".join(masked_lines), saved


def _unmask(text: str, saved: dict[str, str]) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        m = re.search(r"pass  # (__triton_migrate_magic_[\d_]+__)", line)
        out.append(saved[m.group(1)] if m and m.group(1) in saved else line)
    return "".join(out)


def _bang_lines(cell: str) -> list[tuple[int, int]]:
    spans = []
    offset = 0
    for line in cell.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped.startswith("!") and not stripped.startswith("!="):
            start = offset + (len(line) - len(stripped)) + 1
            spans.append((start, offset + len(line.rstrip("\r\n"))))
        offset += len(line)
    return spans


def _python(cell: str, ctx: FileContext, rules: list[Rule]) -> str:
    """One cell on its own through the Python carrier, its IPython lines masked."""
    if not rules:
        return cell
    masked, saved = _mask(cell, 0)
    try:
        new = get_carrier("python").migrate(masked, ctx, rules)
    except CarrierParseError:
        return cell
    return cell if new == masked else _unmask(new, saved)


CARRIER = NotebookCarrier()
