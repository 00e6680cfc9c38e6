"""reStructuredText (``.rst``, ``.rest``): literal blocks (``::``) and
``.. code-block:: <lang>`` / ``.. code:: <lang>`` / ``.. sourcecode::``
directives, migrated by the carrier of their language; prose is reported.

The reader follows the two RST rules that delimit these blocks, which is all
that is needed and keeps exact line spans (docutils' tree gives literal blocks
no reliable source lines and does not know Sphinx's ``code-block``; see
docs/dependencies.md): a paragraph ending in ``::`` or a code directive (with
its ``:option:`` lines), one or more blank lines, then every following line
indented deeper than the paragraph or directive, up to the first non-blank
line that is not.  A ``::`` block carries no language: console prompts make
it shell, other text is guessed conservatively (``FROM``, ``apiVersion:``,
Python imports) or only reported.  Indentation is removed and put back; prose
(including other directives such as ``.. automodule::``) is left alone and
reported once per file.  See ``triton_migrate.carriers._embedded``.

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

_DIRECTIVE = re.compile(r"^([ \t]*)\.\.[ \t]+(code-block|code|sourcecode)::[ \t]*(\S*)[ \t]*$")
_OTHER_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+[\w:-]+::")
_OPTION = re.compile(r"^[ \t]+:[\w-]+:")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def blocks(text: str) -> list[Piece]:
    lines = text.splitlines(keepends=True)
    pieces: list[Piece] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        directive = _DIRECTIVE.match(line.rstrip("\r\n"))
        stripped = line.rstrip()
        literal = (stripped.endswith("::") and not _OTHER_DIRECTIVE.match(line) and not directive
                   and not stripped.lstrip().startswith(".. ")
                   and not re.fullmatch(r"(\S)\1+", stripped.lstrip()))  # a `::::::` section adornment
        if not directive and not literal:
            i += 1
            continue
        base = _indent(line)
        j = i + 1
        if directive:
            while j < len(lines) and _OPTION.match(lines[j]) and _indent(lines[j]) > base:
                j += 1
        if j < len(lines) and lines[j].strip():
            i = j  # no blank line: not a block
            continue
        while j < len(lines) and not lines[j].strip():
            j += 1
        start = j
        while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
            j += 1
        end = j
        while end > start and not lines[end - 1].strip():
            end -= 1
        if end > start:
            indent = min(_indent(x) for x in lines[start:end] if x.strip())
            prefix = lines[start][:indent] if lines[start].strip() else " " * indent
            body = [x[indent:] if x.strip() else x for x in lines[start:end]]
            language = directive.group(3) or None if directive else None
            carrier = language_carrier(language, body)
            prompts = carrier == "shell" and console_prompt(body) is not None and (
                language is None or language.lower() in ("console", "shell-session", "sh", "bash", "shell", "zsh"))
            pieces.append(Piece(start, end, carrier, prefix, prompts))
        i = max(j, i + 1)
    return pieces


class RstCarrier(Carrier):
    name = "rst"
    label = "reStructuredText"
    priority = 50
    hooks = ("check_leftovers",)

    def claims(self, path: str, head: bytes) -> bool:
        return extension(path) in (".rst", ".rest")

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        return migrate_pieces(text, blocks(text), ctx, "reStructuredText document", rules)


CARRIER = RstCarrier()
