"""Command lines in Python code: ``subprocess`` argument lists and command strings.

``rewrite_commands(wrapper, ctx, hook)`` finds, in every call, a list or tuple
of string literals whose first element is the server (or ``perf_client``), and
a string literal that starts with it (``subprocess.run("trtserver ...",
shell=True)``, ``os.system``), builds a :class:`~triton_migrate.argv.Command`
over the literal's source text and lets an argv-level rule hook
(``rewrite_command``) edit it; the edited source is parsed back.  Findings are
shifted to the literal's place in the file.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from triton_migrate.argv import Command, JsonSyntax, Word, program_name
from triton_migrate.data.deployment import SERVER_PROGRAMS
from triton_migrate.shellspans import merge_edits
from triton_migrate.shellwords import ShellParseError, find_commands
from triton_migrate.text import Edit, apply_edits

if TYPE_CHECKING:
    from triton_migrate.context import FileContext

# The server programs (the one list, in data.deployment), perf_client, and the
# process tools that name a server program as their argument.
PROGRAMS = {*SERVER_PROGRAMS, "perf_client", "pkill", "pgrep", "pidof", "killall"}


class PythonListSyntax(JsonSyntax):
    def __init__(self, text: str, quote_char: str) -> None:
        super().__init__(text)
        self.quote_char = quote_char

    def quote(self, value: str) -> str:
        q = self.quote_char
        return q + value.replace("\\", "\\\\").replace(q, "\\" + q) + q


class _Shifted:
    """A FileContext view whose positions are relative to a fragment of the file."""

    def __init__(self, ctx: FileContext, line: int, column: int) -> None:
        self._ctx, self._line, self._column = ctx, line, column

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx, name)

    def _shift(self, line: int, column: int) -> tuple[int, int]:
        return line + self._line - 1, column + (self._column if line == 1 else 0)

    def report(self, *, line: int, column: int, end_line: int | None = None, end_column: int | None = None, **kw: Any) -> bool:
        line2, column2 = self._shift(line, column)
        end = self._shift(end_line if end_line is not None else line, end_column if end_column is not None else column)
        return self._ctx.report(line=line2, column=column2, end_line=end[0], end_column=end[1], **kw)

    def suppressed(self, line: int, end_line: int | None = None, rule: str | None = None) -> bool:
        return self._ctx.suppressed(line + self._line - 1, None if end_line is None else end_line + self._line - 1, rule)


Hook = Callable[[Command, Any], "list[Edit]"]


def _with_separator(edit: Edit, code: str) -> Edit:
    """A deletion that runs to the closing bracket of a list or tuple takes the comma
    before it too (`['a', 'b']` less `'b'` is `['a']`, not `['a', ]`).  The caller
    keeps a tuple's comma when the tuple would be left with one element."""
    if edit.new or not code[edit.end:].lstrip().startswith(("]", ")")):
        return edit
    start = len(code[:edit.start].rstrip())
    if start and code[start - 1] == ",":
        between = code[start:edit.start]
        # A line break before the deleted item stays (the bracket keeps its line).
        return Edit(start - 1, edit.end, between[between.rfind("\n"):] if "\n" in between else "")
    return edit


class _Finder(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, ctx: FileContext, hook: Hook, module: cst.Module) -> None:
        super().__init__()
        self.ctx, self.hook, self.module = ctx, hook, module
        self.depth = 0

    def visit_Call(self, node: cst.Call) -> None:
        self.depth += 1

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        self.depth -= 1
        return updated

    def _shifted(self, node: cst.CSTNode) -> _Shifted:
        pos = self.get_metadata(PositionProvider, node)
        return _Shifted(self.ctx, pos.start.line, pos.start.column)

    def _rewrite(self, node: cst.BaseExpression, code: str, commands: list[Command]) -> cst.BaseExpression:
        shifted = self._shifted(node)
        edits: list[Edit] = []
        for command in commands:
            edits.extend(self.hook(command, shifted))
        if not edits:
            return node
        try:
            # Deleting neighbouring list elements gives overlapping deletions (each takes
            # its comma): join them, as the shell carriers do.
            edits = merge_edits(edits, code)
            plain = cst.parse_expression(apply_edits(code, edits))
        except (cst.ParserSyntaxError, ValueError):
            return node
        joined: list[Edit] = []
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            if joined and not edit.new and not joined[-1].new and edit.start == joined[-1].end:
                joined[-1] = Edit(joined[-1].start, edit.end, "")  # neighbouring items dropped together
            else:
                joined.append(edit)
        try:
            tidy = cst.parse_expression(apply_edits(code, [_with_separator(edit, code) for edit in joined]))
        except (cst.ParserSyntaxError, ValueError):
            return plain
        # The tidy form unless it stops being a list or tuple (`('a',)` less its comma is a string).
        return tidy if isinstance(tidy, type(plain)) and isinstance(tidy, (cst.List, cst.Tuple)) else plain

    def leave_List(self, original: cst.List, updated: cst.List) -> cst.BaseExpression:
        return self._sequence(original, updated)

    def leave_Tuple(self, original: cst.Tuple, updated: cst.Tuple) -> cst.BaseExpression:
        return self._sequence(original, updated)

    def _sequence(self, original: cst.List | cst.Tuple, updated: cst.BaseExpression) -> cst.BaseExpression:
        if not self.depth or not original.elements:
            return updated
        first = original.elements[0].value
        if not isinstance(first, cst.SimpleString) or not isinstance(first.evaluated_value, str):
            return updated
        if program_name(first.evaluated_value) not in PROGRAMS:
            return updated
        if any(isinstance(e, cst.StarredElement) for e in original.elements):
            return updated
        code = self.module.code_for_node(original)
        words = []
        cursor = 1
        for element in original.elements:
            piece = self.module.code_for_node(element.value)
            at = code.find(piece, cursor)
            if at < 0:
                return updated
            cursor = at + len(piece)
            value = element.value
            if isinstance(value, cst.SimpleString):
                body = piece[len(value.prefix) + len(value.quote):len(piece) - len(value.quote)]
                if "\\" in body or value.prefix or len(value.quote) != 1:
                    return updated  # escapes, prefixes or triple quotes: leave the list alone
                words.append(Word(body, at, cursor, piece))
            else:
                # Not a literal: the translator passes it through (and reports when it matters).
                words.append(Word("${" + piece + "}", at, cursor, piece, False))
        quote_char = words[0].raw[0] if words else '"'
        command = Command(words, 0, PythonListSyntax(code, quote_char), code)
        return self._rewrite(original, code, [command])

    def leave_SimpleString(self, original: cst.SimpleString, updated: cst.SimpleString) -> cst.BaseExpression:
        if not self.depth:
            return updated
        value = original.evaluated_value
        if not isinstance(value, str) or program_name(value.split(" ", 1)[0]) not in PROGRAMS or " " not in value:
            return updated
        code = original.value
        prefix = len(original.prefix) + len(original.quote)
        body = code[prefix:len(code) - len(original.quote)]
        if "\\" in body or "\n" in body:
            return updated
        try:
            commands = find_commands(body, prefix, code)
        except ShellParseError:
            return updated
        return self._rewrite(original, code, commands)


def rewrite_commands(wrapper: MetadataWrapper, ctx: FileContext, hook: Hook) -> cst.Module:
    return wrapper.visit(_Finder(ctx, hook, wrapper.module))
