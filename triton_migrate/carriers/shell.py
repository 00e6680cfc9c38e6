"""Shell scripts (``.sh``, ``.bash``, sh/bash shebangs), parsed with bashlex.

Hooks a rule may define (any or both):

* ``rewrite_command(command: triton_migrate.argv.Command, ctx) -> list[Edit]``:
  called for every simple command of the script (also in pipelines, lists,
  ``if``/``for`` bodies, functions, ``$( )``); the command's ``program`` index
  already skips ``exec``, ``nohup``, ``sudo``, ``env VAR=x`` and the options and
  image of ``docker run``;
* ``rewrite_assignment(value: Word, ctx, text) -> list[Edit]``: called for the value
  of every ``NAME=value`` assignment (a server path kept in a variable);
* ``rewrite_text(text, ctx) -> list[Edit]``: called once with the whole text
  (comments and heredoc bodies included) for name-level rewrites.

Rules run in ``order``, each on the text the previous one left.  When bashlex
cannot parse the script, ``rewrite_command`` rules are not run: each line that
names the server gets a finding instead, and the text rules still apply.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import Command, line_index, report_span
from triton_migrate.carriers import Carrier, extension, run_span_rules, shebang
from triton_migrate.shellwords import ShellParseError, assignments, find_commands
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

_SHELLS = re.compile(rb"\b(sh|bash|dash|ksh|zsh|ash)\b")


def command_edits(rule: Rule, commands: list[Command], ctx: FileContext) -> list[Edit]:
    hook = getattr(rule.impl, "rewrite_command", None)
    if hook is None:
        return []
    edits: list[Edit] = []
    for command in commands:
        edits.extend(hook(command, ctx))
    return edits


# Lines already reported as not parsed, kept on the file's context: the first
# command rule that meets such a line reports it, the next ones (say
# server_binary after server_flags) do not repeat it.
_REPORTED = "shell.unparsed_lines"


def report_unparsed(rule: Rule, text: str, start: int, end: int, ctx: FileContext, why: str) -> None:
    """The fallback when a command region does not parse: point at each line naming a needle."""
    if getattr(rule.impl, "rewrite_command", None) is None:
        return
    needles = [n.decode() for n in rule.needles]
    reported: set[int] = ctx.scratch.setdefault(_REPORTED, set())
    index = line_index(text)
    offset = start
    for line in text[start:end].splitlines(keepends=True):
        found = [n for n in needles if n in line]
        if found and not line.lstrip().startswith("#"):
            at = offset + line.index(found[0])
            number = ctx.original_line(index.position(at)[0])
            if number in reported:
                offset += len(line)
                continue
            reported.add(number)
            report_span(ctx, text, at, at + len(found[0]), severity="warning", applied=False,
                        message=f"not migrated: {why}; port this command line by hand "
                                "(`triton-migrate flags -- <command>` prints the V2 line)", v1=found[0])
        offset += len(line)


def shell_rule_edits(rule: Rule, text: str, ctx: FileContext, start: int = 0, end: int | None = None) -> list[Edit]:
    """Edits of ``rule``'s command hook for the shell code in ``text[start:end]``."""
    end = len(text) if end is None else end
    if getattr(rule.impl, "rewrite_command", None) is None and getattr(rule.impl, "rewrite_assignment", None) is None:
        return []
    gaps: list[tuple[int, int]] = []
    try:
        commands = find_commands(text[start:end], start, text, gaps)
    except ShellParseError as exc:
        report_unparsed(rule, text, start, end, ctx, f"the shell code could not be parsed ({exc})")
        return []
    for gap_start, gap_end in gaps:
        report_unparsed(rule, text, start + gap_start, start + gap_end, ctx, "a command line kept in a shell array")
    edits = command_edits(rule, commands, ctx)
    on_assignment = getattr(rule.impl, "rewrite_assignment", None)
    if on_assignment is not None:
        for value in assignments(text[start:end], start):
            edits.extend(on_assignment(value, ctx, text))
    return edits


def text_edits(rule: Rule, text: str, ctx: FileContext) -> list[Edit]:
    hook = getattr(rule.impl, "rewrite_text", None)
    return list(hook(text, ctx)) if hook else []


class ShellCarrier(Carrier):
    name = "shell"
    label = "shell script"
    hooks = ("rewrite_command", "rewrite_assignment", "rewrite_text")
    priority = 30

    def claims(self, path: str, head: bytes) -> bool:
        if extension(path) in (".sh", ".bash"):
            return True
        line = shebang(head)
        return extension(path) == "" and bool(line) and bool(_SHELLS.search(line)) and b"python" not in line

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        return run_span_rules(text, ctx, rules,
                              lambda rule, current: shell_rule_edits(rule, current, ctx) + text_edits(rule, current, ctx),
                              _merge)

    def validate(self, text: str) -> str | None:
        return None  # bashlex rejects valid scripts too often to judge output by it


def _merge(edits: list[Edit], text: str = "") -> list[Edit]:
    """Drop exact duplicates, join overlapping deletions, drop any other overlap (first wins)."""
    kept: list[Edit] = []
    for edit in sorted(set(edits), key=lambda e: (e.start, e.end)):
        if kept and edit.start < kept[-1].end:
            if not edit.new and not kept[-1].new:
                start = kept[-1].start
                end = max(kept[-1].end, edit.end)
                rest = text[end:].split("\n", 1)[0].strip()
                if text and rest not in ("", "\\") and (start == 0 or text[start - 1] == "\n"):
                    # Joined deletions left the tail of a continued line: join it to the line above.
                    back = text[:start].rstrip("\r\n").rstrip(" \t")
                    if back.endswith("\\"):
                        start = len(back[:-1].rstrip(" \t"))
                kept[-1] = Edit(start, end, "")
            continue
        kept.append(edit)
    return kept


CARRIER = ShellCarrier()
