"""Dockerfiles (``Dockerfile``, ``Dockerfile.*``, ``*.dockerfile``, ``Containerfile``).

Hooks, the same as the shell carrier's (``triton_migrate.carriers.shell``):

* ``rewrite_command(command, ctx)`` for every command line of ``RUN``, ``CMD``
  and ``ENTRYPOINT``: the shell form is parsed as shell (continuations
  included), the JSON (exec) form gives one word per array string, and a
  ``["sh", "-c", "..."]`` string is parsed as shell again.  An exec-form
  ``ENTRYPOINT ["trtserver"]`` followed by an exec-form ``CMD [...]`` is one
  command (the CMD words are the server's flags).  ``RUN <<EOF`` heredoc
  bodies are parsed as shell.
* ``rewrite_assignment(value, ctx, text)`` for each ``NAME=value`` of that shell
  code (shell form and heredocs), for rules that also define ``rewrite_command``.
* ``rewrite_text(text, ctx)`` once on the whole file: ``FROM``, ``ENV``,
  ``ARG``, ``LABEL``, ``HEALTHCHECK`` and paths everywhere are name-level.

A ``RUN`` whose continuation holds comment lines is not parsed (Docker drops
those lines, a shell would not): its server lines are reported instead.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triton_migrate.argv import Command, JsonSyntax, ShellSyntax, Word
from triton_migrate.carriers import Carrier, CarrierParseError, basename, run_span_rules
from triton_migrate.carriers.shell import (
    _merge,
    command_edits,
    report_unparsed,
    shell_rule_edits,
    text_edits,
)
from triton_migrate.shellwords import ShellParseError, find_commands, program_index, shell_c_script
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_HEREDOC = re.compile(r"<<(-?)\s*([\"']?)([A-Za-z_][\w]*)\2")
KEYWORDS = {"FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
            "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}


@dataclass
class Instruction:
    keyword: str
    start: int        # offset of the keyword
    args_start: int   # offset of the first argument character
    end: int          # end of the logical line (before its newline)
    heredoc: tuple[int, int] | None = None  # body span


def parse_instructions(text: str) -> list[Instruction]:
    escape = "\\"
    match = re.match(r"(?:#\s*\w+\s*=.*\n)*?#\s*escape\s*=\s*(\S)", text, re.IGNORECASE)
    if match:
        escape = match.group(1)
    lines = text.splitlines(keepends=True)
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    out: list[Instruction] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        m = re.match(r"\s*([A-Za-z]+)(\s+|$)", line)
        if not m or m.group(1).upper() not in KEYWORDS:
            raise CarrierParseError(f"line {i + 1} is not a Dockerfile instruction", i + 1)
        start = offsets[i] + m.start(1)
        args_start = offsets[i] + m.end()
        # Follow continuations (comment and empty lines inside are skipped by Docker).
        while line.rstrip("\r\n").rstrip().endswith(escape) and i + 1 < len(lines):
            i += 1
            line = lines[i]
            while (not line.strip() or line.lstrip().startswith("#")) and i + 1 < len(lines):
                i += 1
                line = lines[i]
        end = offsets[i] + len(line.rstrip("\r\n"))
        inst = Instruction(m.group(1).upper(), start, min(args_start, end), end)
        heredoc = _HEREDOC.search(text, inst.args_start, inst.end)
        if heredoc and inst.keyword in ("RUN", "COPY", "ADD"):
            word = heredoc.group(3)
            body_start = end + (len(lines[i]) - len(lines[i].rstrip("\r\n")))
            j = i + 1
            while j < len(lines) and (lines[j].strip() if heredoc.group(1) else lines[j].rstrip("\r\n")) != word:
                j += 1
            body_end = offsets[j] if j < len(lines) else len(text)
            inst.heredoc = (body_start, body_end)
            i = j
        out.append(inst)
        i += 1
    return out


def json_words(text: str, start: int, end: int) -> list[Word] | None:
    """The strings of an exec-form array, or None when it is not one."""
    raw = text[start:end].strip()
    if not raw.startswith("["):
        return None
    try:
        values = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return None
    words = []
    base = text.index("[", start)
    for match in _STRING.finditer(text, base, end):
        words.append(Word(json.loads(match.group(0)), match.start(), match.end(), match.group(0)))
    return words if len(words) == len(values) else None


def exec_commands(words: list[Word], text: str) -> list[Command]:
    """A command from an argv of words; a ``sh -c "..."`` string is parsed as shell."""
    values = [w.value for w in words]
    index = program_index(values)
    if index is None or index >= len(words):
        return []
    script_index = shell_c_script(values, index)
    if script_index is not None:
        script = words[script_index]
        inner = script.raw[1:-1]
        if script.raw[:1] in "\"'" and inner == script.value:
            return find_commands(inner, script.start + 1, text)
        raise ShellParseError("a `sh -c` string with escapes is not read as shell")
    return [Command(words, index, JsonSyntax(text), text)]


class DockerfileCarrier(Carrier):
    name = "dockerfile"
    # rewrite_assignment: through the shell code of RUN heredocs.
    hooks = ("rewrite_command", "rewrite_assignment", "rewrite_text")
    label = "Dockerfile"
    priority = 20

    def claims(self, path: str, head: bytes) -> bool:
        name = basename(path)
        lower = name.lower()
        return (lower in ("dockerfile", "containerfile") or lower.startswith(("dockerfile.", "containerfile."))
                or lower.endswith((".dockerfile", ".containerfile")))

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        parse_instructions(text)  # raise early on a file that is not a Dockerfile
        return run_span_rules(text, ctx, rules,
                              lambda rule, current: self._command_edits(rule, current, ctx) + text_edits(rule, current, ctx),
                              _merge)

    def _command_edits(self, rule: Rule, text: str, ctx: FileContext) -> list[Edit]:
        if getattr(rule.impl, "rewrite_command", None) is None:
            return []
        edits: list[Edit] = []
        instructions = parse_instructions(text)
        entrypoint: list[Word] | None = None
        for inst in instructions:
            if inst.keyword not in ("RUN", "CMD", "ENTRYPOINT"):
                continue
            if inst.heredoc:
                edits.extend(shell_rule_edits(rule, text, ctx, *inst.heredoc))
                continue
            words = json_words(text, inst.args_start, inst.end)
            if words is not None:
                if inst.keyword == "ENTRYPOINT":
                    entrypoint = words
                    continue
                if inst.keyword == "CMD" and entrypoint and program_index([w.value for w in entrypoint]) is not None:
                    words = entrypoint + words
                    entrypoint = None
                try:
                    edits.extend(command_edits(rule, exec_commands(words, text), ctx))
                except ShellParseError as exc:
                    report_unparsed(rule, text, inst.args_start, inst.end, ctx, f"the shell code could not be parsed ({exc})")
                continue
            if entrypoint:
                edits.extend(command_edits(rule, exec_commands(entrypoint, text), ctx))
                entrypoint = None
            body = text[inst.args_start:inst.end]
            if re.search(r"\n[ \t]*#", body):
                report_unparsed(rule, text, inst.args_start, inst.end, ctx,
                                "this instruction has comment lines inside its continuation")
                continue
            edits.extend(shell_rule_edits(rule, text, ctx, inst.args_start, inst.end))
        if entrypoint:
            edits.extend(command_edits(rule, exec_commands(entrypoint, text), ctx))
        return edits

    def validate(self, text: str) -> str | None:
        try:
            parse_instructions(text)
        except CarrierParseError as exc:
            return str(exc)
        return None


_ = ShellSyntax
CARRIER = DockerfileCarrier()
