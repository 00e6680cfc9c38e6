"""Markdown (``.md``, ``.markdown``): fenced and indented code blocks, migrated by
the carrier of their language; prose is left alone and reported.

markdown-it-py (CommonMark) finds the blocks and their line ranges; a block is
read only when it names a V1 thing.  A fence's language picks the carrier
(``sh``/``bash``/``console`` as shell, ``yaml``, ``dockerfile``, ``python``,
``json``); a block without one is guessed conservatively (console prompts,
``FROM``, ``apiVersion:``, Python imports) or only reported.  In a console
session (``$ `` or ``% `` prompts) only the prompt lines and their
continuations are commands; output lines are never edited.  The indentation
of a block (list items) is removed before and put back after; blocks inside
block quotes are only reported.  See ``triton_migrate.carriers._embedded``.

Hook a rule defines: ``check_leftovers(leftovers: Leftovers, ctx) -> None``,
called once with the V1 names the migration left (code lines and prose lines);
every other rule runs on the embedded code through that code's own carrier
(its hooks: ``rewrite_command``, ``transform``, ...).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.carriers import Carrier, extension
from triton_migrate.carriers._embedded import (
    Piece,
    console_prompt,
    language_carrier,
    migrate_pieces,
)

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})")


def blocks(text: str) -> list[Piece]:
    from markdown_it import MarkdownIt

    lines = text.splitlines(keepends=True)
    pieces = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type not in ("fence", "code_block") or not token.map:
            continue
        first, end = token.map
        if token.type == "fence":
            opener = _FENCE.match(lines[first])
            if not opener:  # inside a block quote or another container with a marker
                pieces.append(Piece(first + 1, end, None))
                continue
            prefix = opener.group(1)
            closer = lines[end - 1] if end - 1 > first else ""
            closed = end - 1 > first and closer.strip().startswith(opener.group(2)[0] * len(opener.group(2)))
            body_end = end - 1 if closed else end
            language = token.info.split()[0] if token.info.strip() else None
            body = [line[len(prefix):] if line.startswith(prefix) else line for line in lines[first + 1:body_end]]
            carrier = language_carrier(language, body)
            prompts = carrier == "shell" and console_prompt(body) is not None and (
                language is None or language.lower() in ("console", "shell-session", "sh-session", "shellsession",
                                                         "terminal", "sh", "bash", "shell", "zsh"))
            pieces.append(Piece(first + 1, body_end, carrier, prefix, prompts))
        else:
            body_lines = [line for line in lines[first:end] if line.strip()]
            indent = min((len(line) - len(line.lstrip(" ")) for line in body_lines), default=0)
            prefix = " " * indent
            body = [line[indent:] for line in lines[first:end]]
            carrier = language_carrier(None, body)
            pieces.append(Piece(first, end, carrier, prefix, carrier == "shell" and console_prompt(body) is not None))
    return pieces


class MarkdownCarrier(Carrier):
    name = "markdown"
    label = "Markdown"
    priority = 50
    hooks = ("check_leftovers",)

    def claims(self, path: str, head: bytes) -> bool:
        return extension(path) in (".md", ".markdown", ".mdown", ".mkd")

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        return migrate_pieces(text, blocks(text), ctx, "Markdown document", rules)


CARRIER = MarkdownCarrier()
