"""Shell scripts (``.sh``, ``.bash``, a ``#!`` line naming a shell), read with tree-sitter-bash.

Hooks a rule may define (any or both):

* ``rewrite_command(command: triton_migrate.argv.Command, ctx) -> list[Edit]``:
  called for every simple command of the script (also in pipelines, lists,
  ``if``/``for``/``case`` bodies, functions, subshells, ``$( )``, and a command
  line kept in an array); the command's ``program`` index already skips
  ``exec``, ``nohup``, ``sudo``, ``env VAR=x`` and the options and image of
  ``docker run``; a ``"$SERVER"`` program whose variable the script sets to the
  server's path carries that path (``Command.via`` names the variable);
* ``rewrite_assignment(value: Word, ctx, text) -> list[Edit]``: called for the value
  of every ``NAME=value`` assignment (a server path kept in a variable);
* ``rewrite_text(text, ctx) -> list[Edit]``: called once with the whole text
  (comments and heredoc bodies included) for name-level rewrites.

Rules run in ``order``, each on the text the previous one left.  A construct the
grammar cannot read is an error span: the commands around it are migrated, and
each of its lines that holds V1 usage gets a finding (the text rules still apply).
The shared machinery is in :mod:`triton_migrate.shellspans`.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import line_index, report_span
from triton_migrate.carriers import Carrier, CarrierParseError, extension, run_span_rules, shebang
from triton_migrate.data.deployment import SHELLS, V1_SERVER
from triton_migrate.shellspans import merge_edits, shell_rule_edits, text_edits
from triton_migrate.shellwords import error_count, parse_shell

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

_SHELLS = re.compile(rb"\b(" + b"|".join(s.encode() for s in SHELLS) + rb")\b")
_V1_PROGRAM = re.compile(r"(?<![\w/.-])" + V1_SERVER + r"(?![\w-])")


def _name_leftover_servers(new: str, old: str, first_error: int, ctx: FileContext, rules: list[Rule]) -> None:
    """In a script the grammar does not read entirely (prose behind a ``#!`` line, broken
    code), name each line that still holds the V1 server and no finding names."""
    rule = next((r for r in rules if r.id == "server_binary"), None)
    if rule is None:
        return
    named = {line for f in ctx.findings for line in range(f.line, max(f.end_line, f.line) + 1)}
    error_line = old.count("\n", 0, first_error) + 1
    ctx.set_current(new)
    index = line_index(new)
    for match in _V1_PROGRAM.finditer(new):
        line, _ = index.position(match.start())
        line_start = new.rfind("\n", 0, match.start()) + 1
        if ctx.original_line(line) in named or new[line_start:match.start()].lstrip().startswith("#"):
            continue
        named.add(ctx.original_line(line))
        report_span(ctx, new, match.start(), match.end(), severity="warning", applied=False, v1=V1_SERVER,
                    rule=rule.id, replacement="tritonserver",
                    message=f"not migrated: this file is not read entirely as shell (the grammar stops at line "
                            f"{error_line}), and this line names the V1 server `{V1_SERVER}`: port it by hand")


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
        new = run_span_rules(text, ctx, rules,
                             lambda rule, current: shell_rule_edits(rule, current, ctx) + text_edits(rule, current, ctx),
                             merge_edits)
        errors = error_count(text)
        if new != text and error_count(new) > errors:
            # An edit made the script unreadable: keep the file as it was.
            raise CarrierParseError("the rewritten script would not parse; nothing was changed")
        if errors:
            _name_leftover_servers(new, text, parse_shell(text).errors[0][0], ctx, rules)
        return new

    def validate(self, text: str) -> str | None:
        return None  # migrate() compares the grammar's errors before and after


CARRIER = ShellCarrier()
