"""The tree of a rule's output, parsed again only where the rule changed it.

Each Python rule that edits hands the next rule a new text, and the next rule
needs that text's own tree (positions, scopes and every node as a fresh parse
gives them).  A libcst transformer returns a module whose unchanged top-level
statements are the very nodes of the tree it was given (inside
``cstwalk.fast_visits`` an unchanged subtree is passed on as it is).
``reparse(old, new, text)`` therefore parses only the runs of top-level
statements the rule replaced, each as a small module of its own, and splices
them between the unchanged statements.  The result is the tree
``libcst.parse_module(text)`` gives (``tests/analysis/test_reparse.py``
compares them with ``deep_equals`` on every fixture and e2e program, rule by
rule), at the cost of parsing what changed.

What a whole-file parse decides from context is kept exact by construction,
and any case outside these returns None (the caller parses the whole text):

- blank and comment lines between two top-level statements: libcst gives the
  indented ones (and what precedes them) to the footer of the block before, the
  rest to the next statement.  A run is spliced only when the statement after
  each boundary has no leading line that starts with whitespace, so no block
  footer can take any of them and each side keeps its own lines; inside a run a
  dummy ``pass`` before and after plays the neighbour (it must get no lines);
- the module's default indent (libcst stores a block's indent only when it
  differs from it) is that of the first indented block of the file: kept from
  the old tree when that block's statement is unchanged, read from the run that
  holds it otherwise, and imposed on the other runs by a dummy ``if 1:`` block;
- header, footer, encoding and trailing newline: kept when unchanged, taken
  from the run's parse when the run starts or ends the file;
- text with ``\\r`` (the default newline is the first line end), a module
  without a trailing newline, statements that moved, or a run that does not
  parse on its own: None.

Every statement of the result appears once (unchanged ones come from ``old``,
which is itself a fresh or spliced parse, the others from new parses).
"""
from __future__ import annotations

from collections import Counter
from typing import Optional, Sequence

import libcst as cst

from triton_migrate.analysis.cstwalk import printed

# Splices done and whole parses asked for instead, in this process (for tests and bench/).
stats: Counter[str] = Counter()

_DEFAULT_INDENT = cst.parse_module("x\n").default_indent


def _has_block(stmt: cst.CSTNode) -> bool:
    """Whether a top-level statement holds an indented block (the file's first INDENT token)."""
    if isinstance(stmt, cst.SimpleStatementLine):
        return False
    parts: list[object] = [getattr(stmt, "body", None)]
    orelse = getattr(stmt, "orelse", None)
    while orelse is not None:  # if/elif/else chains, for/while/try else
        parts.append(getattr(orelse, "body", None))
        orelse = getattr(orelse, "orelse", None)
    for handler in getattr(stmt, "handlers", ()) or ():
        parts.append(handler.body)
    final = getattr(stmt, "finalbody", None)
    if final is not None:
        parts.append(final.body)
    for case in getattr(stmt, "cases", ()) or ():
        parts.append(case.body)
    return any(isinstance(part, cst.IndentedBlock) for part in parts)


def _clean_leading(stmt: cst.CSTNode) -> bool:
    """No leading line of ``stmt`` starts with whitespace: no block footer before it can take one."""
    return all(line.whitespace.value == "" for line in getattr(stmt, "leading_lines", ()))


def _same(a: Sequence[cst.CSTNode], b: Sequence[cst.CSTNode]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _is_pass(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and not stmt.leading_lines and len(stmt.body) == 1 \
        and isinstance(stmt.body[0], cst.Pass)


def reparse(old: cst.Module, new: cst.Module, text: str) -> Optional[cst.Module]:
    """The tree ``libcst.parse_module(text)`` gives, where ``text`` is ``new.code`` and ``new`` came from
    transforming ``old`` (a tree equal to a parse of its own code); None when it cannot be had by
    parsing only the changed statements."""
    module = _reparse(old, new, text)
    stats["spliced" if module is not None else "whole"] += 1
    return module


def _reparse(old: cst.Module, new: cst.Module, text: str) -> Optional[cst.Module]:
    if "\r" in text or not new.has_trailing_newline or not old.has_trailing_newline \
            or new.encoding != old.encoding or new.default_indent != old.default_indent \
            or new.default_newline != old.default_newline or old.default_newline != "\n":
        return None
    index = {id(stmt): i for i, stmt in enumerate(old.body)}
    body = list(new.body)
    # runs of replaced statements: [start, end) in the new body
    runs: list[tuple[int, int]] = []
    last_old = -1
    start: Optional[int] = None
    for i, stmt in enumerate(body):
        at = index.get(id(stmt))
        if at is not None and old.body[at] is stmt:
            if at <= last_old:
                return None  # statements moved
            last_old = at
            if start is not None:
                runs.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        runs.append((start, len(body)))
    if not runs:
        return None  # only the header or footer changed
    for begin, end in runs:
        if begin > 0 and not _clean_leading(body[begin]):
            return None
        if end < len(body) and not _clean_leading(body[end]):
            return None
    header_same = _same(new.header, old.header)
    footer_same = _same(new.footer, old.footer)
    if (runs[0][0] > 0 and not header_same) or (runs[-1][1] < len(body) and not footer_same):
        return None
    # The file's default indent: that of its first indented block.
    first_new = next((i for i, stmt in enumerate(body) if _has_block(stmt)), None)
    first_old = next((stmt for stmt in old.body if _has_block(stmt)), None)
    in_run = first_new is not None and any(b <= first_new < e for b, e in runs)
    indent: Optional[str]
    if first_new is None:
        indent = _DEFAULT_INDENT
    elif not in_run:
        if body[first_new] is not first_old:
            return None
        indent = old.default_indent
    else:
        indent = None  # read from the run that holds that block, parsed first
    parsed: dict[tuple[int, int], cst.Module] = {}
    order = sorted(runs, key=lambda run: not (first_new is not None and run[0] <= first_new < run[1]))
    header: Sequence[cst.EmptyLine] = new.header
    footer: Sequence[cst.EmptyLine] = new.footer
    for begin, end in order:
        pieces = []
        first = begin == 0
        lastrun = end == len(body)
        holds_first = first_new is not None and begin <= first_new < end
        if first:
            pieces.append("".join(new.code_for_node(line) for line in new.header))
        elif holds_first:
            pieces.append("pass\n")
        else:
            assert indent is not None
            pieces.append(f"if 1:\n{indent}pass\npass\n")
        pieces.extend(printed(new, stmt) for stmt in body[begin:end])  # (code_of printed them already)
        if lastrun:
            pieces.append("".join(new.code_for_node(line) for line in new.footer))
        else:
            pieces.append("pass\n")
        try:
            segment = cst.parse_module("".join(pieces))
        except Exception:  # noqa: BLE001 - the whole parse reports it as libcst does
            return None
        lead = 0 if first else (1 if holds_first else 2)
        expected = lead + (end - begin) + (0 if lastrun else 1)
        if len(segment.body) != expected or not segment.has_trailing_newline:
            return None
        if not lastrun and not _is_pass(segment.body[-1]):
            return None  # the dummy after the run took lines of the run
        if not first and not _is_pass(segment.body[lead - 1]):
            return None
        if holds_first:
            indent = segment.default_indent
        if first:
            header = segment.header
        elif segment.header:
            return None
        if lastrun:
            footer = segment.footer
        elif segment.footer:
            return None
        body[begin:end] = [None] * (end - begin)  # type: ignore[list-item]
        parsed[(begin, end)] = segment
    for (begin, end), segment in parsed.items():
        lead = 0 if begin == 0 else (1 if first_new is not None and begin <= first_new < end else 2)
        body[begin:end] = segment.body[lead:lead + end - begin]
    assert indent is not None
    return cst.Module(body=body, header=header, footer=footer, encoding=old.encoding, default_indent=indent,
                      default_newline="\n", has_trailing_newline=True)
