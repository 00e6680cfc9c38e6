"""Command lines found in a file, as words with source spans, and how to edit them.

A carrier finds a command (a shell command, a Dockerfile exec-form array, a
YAML ``command``/``args`` list, a Python argument list) and builds a
:class:`Command`: its words, each with its literal value and the span of its
source text, plus a :class:`Syntax` that knows how to write a word back in
that file's quoting (shell, JSON, YAML flow or block list).  Rules see only
the command and return :class:`~triton_migrate.text.Edit` objects made by the
syntax, so quoting, comments and layout outside the edited words stay as they
were.

Argv-level rules define ``rewrite_command(command, ctx) -> list[Edit]``.
"""
from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from triton_migrate.data.deployment import SERVER_PROGRAMS
from triton_migrate.text import Edit, LineIndex

if TYPE_CHECKING:
    from triton_migrate.context import FileContext



@dataclass(frozen=True)
class Word:
    """One argv element.  ``value`` is what the program receives (``None`` when
    it depends on the shell, for example a ``$VAR`` that is not the whole word)."""

    value: str
    start: int
    end: int
    raw: str
    static: bool = True


class Syntax:
    """How words are written in one kind of command."""

    separator = " "

    def __init__(self, text: str) -> None:
        self.text = text

    def quote(self, value: str) -> str:
        raise NotImplementedError

    def quote_for(self, word: Word) -> Callable[[str], str]:
        """How to write new words next to ``word`` (YAML follows the word's own quoting)."""
        return self.quote

    def render(self, values: list[str]) -> str:
        return self.separator.join(self.quote(v) for v in values)

    def replace(self, word: Word, rendered: list[str]) -> Edit:
        """Replace one word by zero or more words, each already in source form."""
        if not rendered:
            return self.delete(word)
        return Edit(word.start, word.end, self.separator.join(rendered))

    def delete(self, word: Word) -> Edit:
        raise NotImplementedError

    def insert_after(self, word: Word, rendered: list[str]) -> Edit:
        return Edit(word.end, word.end, "".join(self.separator + r for r in rendered))


_SHELL_SAFE = re.compile(r"[\w@%+=:,./-]+")


class ShellSyntax(Syntax):
    def quote(self, value: str) -> str:
        return value if _SHELL_SAFE.fullmatch(value) else shlex.quote(value)

    def delete(self, word: Word) -> Edit:
        text = self.text
        line_start = text.rfind("\n", 0, word.start) + 1
        line_end = text.find("\n", word.end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[line_start:word.start]
        after = text[word.end:line_end].rstrip("\r")
        if not before.strip() and after.strip() == "\\":
            # The word is alone on a continued line: drop the whole line.
            return Edit(line_start, min(line_end + 1, len(text)), "")
        # Otherwise remove the separator before the word, continuations included.
        start = word.start
        while start > 0:
            if text[start - 1] in " \t":
                start -= 1
            elif text[start - 1] == "\n" and text[:start - 1].rstrip("\r").endswith("\\"):
                start = len(text[:start - 1].rstrip("\r")) - 1
            else:
                break
        return Edit(start, word.end, "")


class JsonSyntax(Syntax):
    """A JSON (or YAML flow / Python) list of double-quoted strings."""

    separator = ", "

    def quote(self, value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    def delete(self, word: Word) -> Edit:
        text = self.text
        # Remove the word and the comma after it (or before it, for the last one).
        j = word.end
        while j < len(text) and text[j] in " \t":
            j += 1
        if j < len(text) and text[j] == ",":
            j += 1
            while j < len(text) and text[j] in " \t":
                j += 1
            line_start = text.rfind("\n", 0, word.start) + 1
            if not text[line_start:word.start].strip() and text[j:j + 1] in ("\n", "\r"):
                # The word was alone on its line: the line goes, not just the word.
                return Edit(line_start, j + (2 if text[j:j + 2] == "\r\n" else 1), "")
            return Edit(word.start, j, "")
        i = word.start
        while i > 0 and text[i - 1] in " \t\r\n":
            i -= 1
        if i > 0 and text[i - 1] == ",":
            return Edit(i - 1, word.end, "")
        return Edit(word.start, word.end, "")


def _yaml_quote_like(word: Word) -> Callable[[str], str]:
    if word.raw.startswith('"'):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if word.raw.startswith("'"):
        return lambda value: "'" + value.replace("'", "''") + "'"
    return yaml_quote


class YamlFlowSyntax(JsonSyntax):
    def quote(self, value: str) -> str:
        return yaml_quote(value)

    def quote_for(self, word: Word) -> Callable[[str], str]:
        return _yaml_quote_like(word)


class YamlBlockSyntax(Syntax):
    """A block sequence: one ``- item`` per line."""

    def quote(self, value: str) -> str:
        return yaml_quote(value)

    def quote_for(self, word: Word) -> Callable[[str], str]:
        return _yaml_quote_like(word)

    def _item_start(self, word: Word) -> tuple[int, str]:
        line_start = self.text.rfind("\n", 0, word.start) + 1
        return line_start, self.text[line_start:word.start]

    def _newline(self, word: Word) -> str:
        end = self.text.find("\n", word.end)
        return "\r\n" if end > 0 and self.text[end - 1] == "\r" else "\n"

    def replace(self, word: Word, rendered: list[str]) -> Edit:
        if len(rendered) <= 1:
            return super().replace(word, rendered)
        _, lead = self._item_start(word)
        rest = "".join(self._newline(word) + lead + r for r in rendered[1:])
        return Edit(word.start, word.end, rendered[0] + rest)

    def delete(self, word: Word) -> Edit:
        line_start, _ = self._item_start(word)
        line_end = self.text.find("\n", word.end)
        line_end = len(self.text) if line_end < 0 else line_end + 1
        return Edit(line_start, line_end, "")

    def insert_after(self, word: Word, rendered: list[str]) -> Edit:
        _, lead = self._item_start(word)
        return Edit(word.end, word.end, "".join(self._newline(word) + lead + r for r in rendered))


_YAML_PLAIN = re.compile(r"(?:[A-Za-z0-9_./=]|-(?=[\w-]))[\w./=:,+-]*")


def yaml_quote(value: str) -> str:
    if _YAML_PLAIN.fullmatch(value) and ": " not in value and value.lower() not in ("true", "false", "yes", "no", "null", "on", "off", "~"):
        try:
            float(value)
        except ValueError:
            return value
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Command:
    """A command line: ``words[program]`` is the program that runs."""

    words: list[Word]
    program: int
    syntax: Syntax
    text: str = field(repr=False, default="")
    # The variable the program was read from (``"$SERVER" --flags`` where the
    # same script sets ``SERVER=/opt/.../trtserver``): the program word's
    # ``value`` is the assigned path, and rules must not edit that word.
    via: str | None = None
    # False when the V1 defaults the translator writes out (`--model-control-mode=poll`...)
    # go elsewhere: into the variable this command expands (`$SERVER $SERVER_ARGS`).
    defaults: bool = True

    @property
    def argv(self) -> list[str]:
        return [w.value for w in self.words[self.program:]]

    @property
    def program_word(self) -> Word:
        return self.words[self.program]

    def position(self, word: Word, index: LineIndex) -> tuple[int, int, int, int]:
        line, col = index.position(word.start)
        end_line, end_col = index.position(word.end)
        return line, col, end_line, end_col


def program_name(value: str) -> str:
    return value.rsplit("/", 1)[-1]


def is_server_word(value: str) -> bool:
    return program_name(value) in SERVER_PROGRAMS


_INDEX_CACHE: dict[int, tuple[str, LineIndex]] = {}


def line_index(text: str) -> LineIndex:
    cached = _INDEX_CACHE.get(id(text))
    if cached is None or cached[0] is not text:
        if len(_INDEX_CACHE) > 8:
            _INDEX_CACHE.clear()
        cached = (text, LineIndex(text))
        _INDEX_CACHE[id(text)] = cached
    return cached[1]


def report_span(ctx: FileContext, text: str, start: int, end: int, **kwargs: Any) -> bool:
    """``ctx.report`` at a character span of ``text`` (the text the rule sees)."""
    index = line_index(text)
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return ctx.report(line=line, column=column, end_line=end_line, end_column=end_column, **kwargs)


def apply_translation(command: Command, translation: Any, ctx: FileContext, rule: str,
                      keep_program: bool) -> list[Edit]:
    """Turn a ``triton_migrate.flags`` translation of ``command.argv`` into edits.

    Notes are reported under ``rule``; with ``keep_program`` the program word
    is left as written (and the notes about the program are not reported).  Edits on a suppressed
    line are dropped.
    """
    text = command.syntax.text
    words = command.words[command.program:]
    unseen_after = getattr(translation, "unseen_after", ())
    for position, note in enumerate(translation.notes):
        if (keep_program and note.subject == "program") or note.index >= len(words):
            continue
        if note.index == 0 and not command.defaults:
            continue
        word = words[note.index]
        # A person-note the rewritten command no longer shows is an item to
        # review in this diff, not one a second run would find (issue 11).
        applied = note.applied or (position < len(unseen_after) and unseen_after[position])
        report_span(ctx, text, word.start, word.end, message=note.message, severity=note.severity,
                    applied=applied, replacement=note.replacement, v1=note.v1, rule=rule)
    edits: list[Edit] = []
    syntax = command.syntax
    index = line_index(text)
    for edit in translation.edits:
        if edit.index >= len(words):
            continue
        word = words[edit.index]
        line, _ = index.position(word.start)
        end_line, _ = index.position(word.end)
        if ctx.suppressed(line, end_line, rule):
            continue
        rendered = [tok.render(word.raw, syntax.quote_for(word)) for tok in edit.tokens]
        if edit.kind == "replace" and edit.index == 0 and not command.defaults:
            rendered = rendered[:1]
        if edit.kind == "replace" and edit.index == 0 and keep_program:
            if len(rendered) > 1:
                edits.append(syntax.insert_after(word, rendered[1:]))
        elif edit.kind == "replace":
            edits.append(syntax.replace(word, rendered))
        elif edit.kind == "insert_after":
            edits.append(syntax.insert_after(word, rendered))
        elif edit.kind == "delete":
            edits.append(syntax.delete(word))
    return edits
