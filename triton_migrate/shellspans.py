"""Shell code inside any file: find its commands, call the rules' hooks, merge their edits.

The shell, Dockerfile, YAML, notebook and Makefile carriers all hold shell code
(a script, a ``RUN`` line, a ``command:`` string, a ``!`` line, a recipe) or
exec-form argv lists (``["trtserver", ...]``).  This module is what they share:

* :func:`shell_rule_edits` parses a span of shell code with tree-sitter-bash
  (:mod:`triton_migrate.shellwords`), calls the rule's ``rewrite_command`` on each
  command outside the parts the grammar could not read, ``rewrite_assignment``
  on each assignment value, and reports the unread lines that hold V1 usage;
* :func:`read_argv` turns an exec-form argv into a command, or names the
  script word of ``sh -c SCRIPT`` for the carrier to read as shell;
* :func:`command_edits`, :func:`text_edits` call one hook; :func:`merge_edits`
  merges the edits of one rule;
* :func:`report_unparsed` names, once per line, the lines of a span that hold
  V1 usage the rule could not edit.  A line is named only when the rule's
  ``rewrite_command`` hook, tried on a rough reading of that line, would report
  or edit something: code that is already V2 never gets "could not be parsed".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from triton_migrate.argv import Command, ShellSyntax, Syntax, Word, line_index, report_span
from triton_migrate.shellwords import parse_shell, program_index, shell_c_script
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule


def command_edits(rule: Rule, commands: list[Command], ctx: FileContext) -> list[Edit]:
    hook = getattr(rule.impl, "rewrite_command", None)
    if hook is None:
        return []
    edits: list[Edit] = []
    for command in commands:
        found = hook(command, ctx)
        edits.extend(found)
        finish = getattr(command.syntax, "finish", None)
        if found and finish is not None:
            edits.extend(finish())  # a syntax that must close what its edits opened (a quote)
    return edits


def text_edits(rule: Rule, text: str, ctx: FileContext) -> list[Edit]:
    hook = getattr(rule.impl, "rewrite_text", None)
    return list(hook(text, ctx)) if hook else []


def wants_shell(rule: Rule) -> bool:
    return getattr(rule.impl, "rewrite_command", None) is not None or getattr(rule.impl, "rewrite_assignment", None) is not None


def shell_rule_edits(rule: Rule, text: str, ctx: FileContext, start: int = 0, end: int | None = None,
                     syntax: Callable[[str], Syntax] | None = None, **parse_options: Any) -> list[Edit]:
    """Edits of ``rule``'s shell hooks for the shell code in ``text[start:end]``.

    ``syntax`` makes the syntax the commands' words are written back with
    (default: plain shell; a YAML carrier passes one that avoids its quote).
    ``parse_options`` go to :func:`~triton_migrate.shellwords.parse_shell`
    (``masked``, ``variables``).
    """
    end = len(text) if end is None else end
    if not wants_shell(rule):
        return []
    code = parse_shell(text[start:end], start, text, **parse_options)
    for error_start, error_end in code.errors:
        report_unparsed(rule, text, error_start, error_end, ctx, "the shell grammar cannot read this line")
    commands = code.commands
    if syntax is not None:
        for command in commands:
            if type(command.syntax) is ShellSyntax:  # flag variables keep their own syntax
                command.syntax = syntax(text)
    edits = command_edits(rule, commands, ctx)
    on_assignment = getattr(rule.impl, "rewrite_assignment", None)
    if on_assignment is not None:
        for assignment in code.assignments:
            if assignment.value is not None and not assignment.cut:
                edits.extend(on_assignment(assignment.value, ctx, text))
    return edits


@dataclass
class Argv:
    """An exec-form argv read by :func:`read_argv`: either a command for the
    rules, or the index of the ``sh -c`` script word to read as shell."""

    command: Command | None
    script: int | None


def read_argv(words: list[Word], syntax: Syntax, text: str) -> Argv | None:
    """The command of an argv (after wrappers and ``docker run`` options), or
    the script of ``sh -c SCRIPT``; None when it runs no program."""
    values = [w.value for w in words]
    index = program_index(values)
    if index is None or index >= len(words):
        return None
    script = shell_c_script(values, index)
    if script is not None:
        return Argv(None, script)
    return Argv(Command(words, index, syntax, text), None)


# Lines already reported as not parsed, kept on the file's context: the first
# command rule that meets such a line reports it, the next ones (say
# server_binary after server_flags) do not repeat it.
_REPORTED = "shell.unparsed_lines"


class _Probe:
    """A context that records what a hook would do, and reports nothing."""

    def __init__(self, ctx: FileContext) -> None:
        self._ctx = ctx
        self.hits = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx, name)

    def report(self, **kwargs: Any) -> bool:
        self.hits += 1
        return True

    def suppressed(self, *args: Any, **kwargs: Any) -> bool:
        return False


def _rough_commands(line: str) -> list[Command]:
    """The commands of one line, read as well as it goes (whitespace words as a last resort)."""
    code = parse_shell(line)
    if code.commands and not code.errors:
        return code.commands
    words = [Word(m.group(0).strip("\"'"), m.start(), m.end(), m.group(0), not re.search(r"[$`\\]", m.group(0)))
             for m in re.finditer(r"[^\s;&|()]+", line)]
    commands = list(code.commands)
    index = program_index([w.value for w in words]) if words else None
    if index is not None and index < len(words):
        commands.append(Command(words, index, ShellSyntax(line), line))
    # A server named later on the line (`echo x; trtserver ...` in broken code).
    for i, word in enumerate(words):
        if i != index and word.value.rsplit("/", 1)[-1] in _programs():
            commands.append(Command(words, i, ShellSyntax(line), line))
    return commands


def _programs() -> tuple[str, ...]:
    from triton_migrate.data.deployment import PERF_CLIENT, SERVER_PROGRAMS

    return (*SERVER_PROGRAMS, PERF_CLIENT)


def has_v1_usage(rule: Rule, line: str, ctx: FileContext) -> bool:
    """Would ``rule``'s command hook report or edit anything on this line?"""
    hook = getattr(rule.impl, "rewrite_command", None)
    if hook is None:
        return False
    probe = _Probe(ctx)
    for command in _rough_commands(line):
        try:
            edits = hook(command, probe)
        except Exception:  # noqa: BLE001 (a rough reading may confuse a hook: then the line counts)
            return True
        if edits or probe.hits:
            return True
    return False


def report_unparsed(rule: Rule, text: str, start: int, end: int, ctx: FileContext, why: str) -> None:
    """Name each line of ``text[start:end]`` that holds V1 usage for ``rule`` and was not migrated."""
    if getattr(rule.impl, "rewrite_command", None) is None:
        return
    needles = [n.decode() for n in rule.needles]
    reported: set[int] = ctx.scratch.setdefault(_REPORTED, set())
    index = line_index(text)
    line_start = text.rfind("\n", 0, start) + 1
    while line_start < max(end, start + 1) and line_start <= len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        found = [n for n in needles if n in line]
        if found and not line.lstrip().startswith("#"):
            at = line_start + line.index(found[0])
            number = ctx.original_line(index.position(at)[0])
            if number not in reported and has_v1_usage(rule, line, ctx):
                reported.add(number)
                report_span(ctx, text, at, at + len(found[0]), severity="warning", applied=False,
                            message=f"not migrated: {why}; port this command line by hand "
                                    "(`triton-migrate flags -- <command>` prints the V2 line)", v1=found[0])
        line_start = line_end + 1


def merge_edits(edits: list[Edit], text: str = "") -> list[Edit]:
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
