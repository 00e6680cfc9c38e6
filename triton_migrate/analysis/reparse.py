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

Inside a replaced statement the same holds one level down (`_nested`): a def,
class, ``if``, ``for``, ``while`` or ``with`` whose header, block header, indent
and footer are the nodes they were, and whose body statements partly changed,
keeps its unchanged body statements and has only the changed ones parsed again,
printed at their depth inside as many ``if 1:`` blocks between dummy ``pass``
statements (blocks with their own indent, leading lines that a deeper block
could take, or a run ending its block with a footer: the whole statement is
parsed instead).  A rule that changes one line of a method no longer has the
whole class parsed again.

Every statement of the result appears once (unchanged ones come from ``old``,
which is itself a fresh or spliced parse, the others from new parses).
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Callable, Optional, Sequence

import libcst as cst
from libcst._nodes.internal import CodegenState

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
    return _lines_clean(getattr(stmt, "leading_lines", ()))


def _same(a: Sequence[cst.CSTNode], b: Sequence[cst.CSTNode]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _is_pass(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and not stmt.leading_lines and len(stmt.body) == 1 \
        and isinstance(stmt.body[0], cst.Pass)


# How deep `_nested` goes: the statements of a top-level def or class body (1), of a method body (2), ...
MAX_NESTING = 4
_NESTABLE = (cst.FunctionDef, cst.ClassDef, cst.If, cst.For, cst.While, cst.With)


def _lines_clean(lines: Sequence[cst.EmptyLine]) -> bool:
    """Each line is blank or a comment at the block's own indentation: no deeper block's footer can take one.
    (At the top level every line is at the block's indentation, ``indent`` is always true: no line starts
    with whitespace.)"""
    return all(line.whitespace.value == "" and (line.indent or line.comment is None) for line in lines)


def _same_fields(old: cst.CSTNode, new: cst.CSTNode) -> bool:
    """Every field of ``new`` but its ``body`` is that of ``old`` (the same nodes)."""
    for item in dataclasses.fields(old):
        if item.name == "body":
            continue
        a, b = getattr(old, item.name), getattr(new, item.name)
        if isinstance(a, cst.CSTNode) or isinstance(b, cst.CSTNode):
            if a is not b:
                return False
        elif isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
            if not (isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and _same(a, b)):
                return False
        elif a != b:
            return False
    return True


def _runs(old: Sequence[cst.CSTNode], new: Sequence[cst.CSTNode]) -> Optional[list[tuple[int, int, int, int]]]:
    """The runs of statements of ``new`` that are not statements of ``old``: (begin, end) in ``new`` and the
    (begin, end) of ``old`` they replace; None when unchanged statements moved."""
    index = {id(stmt): i for i, stmt in enumerate(old)}
    runs: list[tuple[int, int, int, int]] = []
    last_old = -1
    start: Optional[int] = None
    start_old = 0
    for i, stmt in enumerate(new):
        at = index.get(id(stmt))
        if at is not None and old[at] is stmt:
            if at <= last_old:
                return None
            if start is not None:
                runs.append((start, i, start_old, at))
                start = None
            last_old = at
        elif start is None:
            start, start_old = i, last_old + 1
    if start is not None:
        runs.append((start, len(new), start_old, len(old)))
    return runs


def _inside(runs: list[tuple[int, int, int, int]], old: Sequence[cst.CSTNode], body: list[cst.CSTNode],
            try_one: Callable[[int, int, bool], Optional[cst.CSTNode]], clean: Callable[[int], bool],
            done: Optional[dict[int, cst.CSTNode]] = None) -> list[tuple[int, int]]:
    """Each replaced statement of ``runs`` that replaces one old statement at its place, spliced inside
    (``try_one(new index, old index, what follows is clean)`` gives the statement, or None) into ``body``; the
    runs of the others, to be parsed, are returned. ``clean(i)``: nothing after statement ``i`` of a run can be
    taken by a block footer inside it (the next statement's lines, or at the end of the block its footer and
    what follows the block). ``done`` gets new index -> the old statement of each statement spliced inside."""
    left: list[tuple[int, int]] = []
    for begin, end, old_begin, old_end in runs:
        start: Optional[int] = None
        for i in range(begin, end):
            inner = None
            if end - begin == old_end - old_begin:
                inner = try_one(i, old_begin + i - begin, clean(i))
            if inner is not None:
                body[i] = inner
                if done is not None:
                    done[i] = old[old_begin + i - begin]
                if start is not None:
                    left.append((start, i))
                    start = None
            elif start is None:
                start = i
        if start is not None:
            left.append((start, end))
    return left


def _nested(indent: str, old: cst.CSTNode, new: cst.CSTNode, depth: int, tail_clean: bool) -> Optional[cst.CSTNode]:
    """``new``, a rule's output for the statement ``old`` (a def or class whose header is unchanged), with only
    the statements of its body the rule replaced parsed again (at ``depth``, inside as many ``if 1:`` blocks,
    between dummy ``pass`` statements) and the others kept; None when that cannot be had exactly.
    ``tail_clean``: what follows the statement can be taken by no block footer inside it."""
    if depth > MAX_NESTING or type(old) is not type(new) or not isinstance(old, _NESTABLE):
        return None
    block, changed = old.body, new.body  # type: ignore[attr-defined]
    if not (isinstance(block, cst.IndentedBlock) and isinstance(changed, cst.IndentedBlock)) \
            or block.indent is not None or changed.indent is not None or block.header is not changed.header \
            or not _same(block.footer, changed.footer) or not _same_fields(old, new):
        return None
    olds, news = list(block.body), list(changed.body)
    runs = _runs(olds, news)
    if not runs:
        return None
    body: list[cst.CSTNode] = list(news)

    def after_clean(i: int) -> bool:
        return (not block.footer and tail_clean) if i + 1 == len(news) else _lines_clean(news[i + 1].leading_lines)

    left = _inside(runs, olds, body,
                   lambda i, j, clean: _nested(indent, olds[j], news[i], depth + 1, clean), after_clean)
    for begin, end in left:
        if not after_clean(end - 1) or not _lines_clean(news[begin].leading_lines):
            return None
        state = CodegenState(default_indent=indent, default_newline="\n")
        state.indent_tokens = [indent] * depth
        for stmt in news[begin:end]:
            stmt._codegen(state)
        pad = indent * depth
        text = "".join(indent * k + "if 1:\n" for k in range(depth)) + pad + "pass\n" + "".join(state.tokens) \
            + pad + "pass\n"
        try:
            segment = cst.parse_module(text)
        except Exception:  # noqa: BLE001 - the caller parses the whole statement instead
            return None
        if segment.default_indent != indent or segment.header or segment.footer or not segment.has_trailing_newline:
            return None
        holder: cst.CSTNode = segment
        for _level in range(depth):
            inside = holder.body if isinstance(holder, cst.Module) else holder.body.body  # type: ignore[attr-defined]
            if len(inside) != 1 or not isinstance(inside[0], cst.If) or inside[0].orelse is not None \
                    or inside[0].leading_lines or not isinstance(inside[0].body, cst.IndentedBlock) \
                    or inside[0].body.indent is not None or inside[0].body.footer:
                return None
            holder = inside[0]
        parsed = list(holder.body.body)  # type: ignore[attr-defined]
        if len(parsed) != end - begin + 2 or not _is_pass(parsed[0]) or not _is_pass(parsed[-1]):
            return None
        body[begin:end] = parsed[1:-1]
    stats["nested"] += 1
    return old.with_changes(body=block.with_changes(body=body))


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
    body = list(new.body)
    # runs of replaced statements: [start, end) in the new body
    found = _runs(old.body, body)
    if not found:
        return None  # statements moved, or only the header or footer changed
    nested_from: dict[int, cst.CSTNode] = {}  # new body index -> the old statement spliced inside
    news = list(body)

    def tail_clean(i: int) -> bool:
        return _clean_leading(news[i + 1]) if i + 1 < len(news) else \
            _same(new.footer, old.footer) and _lines_clean(new.footer)

    # a def or class (or a block statement) changed inside only: its changed inner statements are parsed
    runs = _inside(found, old.body, body,
                   lambda i, j, clean: _nested(old.default_indent, old.body[j], news[i], 1, clean), tail_clean,
                   nested_from)
    header_same = _same(new.header, old.header)
    footer_same = _same(new.footer, old.footer)
    if not runs:
        if not (header_same and footer_same):
            return None
        return cst.Module(body=body, header=old.header, footer=old.footer, encoding=old.encoding,
                          default_indent=old.default_indent, default_newline="\n", has_trailing_newline=True)
    for begin, end in runs:
        if begin > 0 and not _clean_leading(body[begin]):
            return None
        if end < len(body) and not _clean_leading(body[end]):
            return None
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
        if nested_from.get(first_new, body[first_new]) is not first_old:
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
