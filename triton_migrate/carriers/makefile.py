"""Makefiles (``Makefile``, ``makefile``, ``GNUmakefile``, ``*.mk``), read with tree-sitter-make.

Recipes are shell: each recipe line (its ``@``/``-``/``+`` prefix left out,
continuation lines included) is read with tree-sitter-bash after make's own
syntax is masked: ``$$`` is the shell's ``$``, and a make reference (``$(VAR)``,
``${VAR}``, ``$(shell ...)``, ``$@``) is an expansion whose value the tool does
not know (so the flag translator keeps it as written).  The values of variable
assignments (``RUN_SERVER = trtserver --model-store=/m``) and ``define`` bodies
are read as shell too.  A recipe that runs ``$(SERVER)`` where the Makefile sets
``SERVER = /opt/tensorrtserver/bin/trtserver`` gets its flags translated, as in
a shell script.

Hooks, the same as the shell carrier's (:mod:`triton_migrate.carriers.shell`):
``rewrite_command``, ``rewrite_assignment`` (for shell assignments inside
recipes and for make assignments) and ``rewrite_text``.  New words are written
with ``$`` doubled.  A part of the file the make grammar cannot read is
reported line by line (only lines with V1 usage); the rest is migrated.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from triton_migrate.argv import Command, ShellSyntax, Word
from triton_migrate.carriers import Carrier, CarrierParseError, basename, extension, run_span_rules
from triton_migrate.data.deployment import SERVER_PROGRAMS
from triton_migrate.shellspans import (
    command_edits,
    merge_edits,
    report_unparsed,
    shell_rule_edits,
    text_edits,
    wants_shell,
)
from triton_migrate.shellwords import SplitSyntax
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

NAMES = ("makefile", "gnumakefile")


def _parser() -> Any:
    import tree_sitter
    import tree_sitter_make

    global _PARSER
    if _PARSER is None:
        _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_make.language()))
    return _PARSER


_PARSER: Any = None

# A make reference: $$, $(...) / ${...} (balanced), or $X.
_SIMPLE_REF = re.compile(r"\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]")


def mask_make(code: str) -> tuple[str, list[int]]:
    """``code`` as the shell sees it after make (``$$`` -> ``$``, references -> ``${NAME}``
    or ``${_}``), and the map from each masked character (and the end) to ``code``."""
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    n = len(code)

    def put(piece: str, start: int) -> None:
        out.append(piece)
        offsets.extend([start] * len(piece))

    while i < n:
        ch = code[i]
        if ch != "$" or i + 1 >= n:
            out.append(ch)
            offsets.append(i)
            i += 1
            continue
        nxt = code[i + 1]
        if nxt == "$":
            put("$", i)
            i += 2
            continue
        if nxt in "({":
            close = ")" if nxt == "(" else "}"
            depth, j = 0, i + 1
            while j < n:
                if code[j] == nxt:
                    depth += 1
                elif code[j] == close:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            end = min(j + 1, n)
            simple = _SIMPLE_REF.fullmatch(code, i, end)
            put("${" + simple.group(1) + "}" if simple else "${_}", i)
            i = end
            continue
        put("${_}", i)
        i += 2
    offsets.append(n)
    return "".join(out), offsets


class MakeSyntax(ShellSyntax):
    """Shell words inside a Makefile: a literal ``$`` is written ``$$``."""

    def quote(self, value: str) -> str:
        return super().quote(value).replace("$", "$$")


def _errors(node: Any, out: list[tuple[int, int]]) -> None:
    if node.is_error or node.is_missing:
        out.append((node.start_byte, max(node.end_byte, node.start_byte + 1)))
        return
    if node.has_error:
        for child in node.children:
            _errors(child, out)


class Region:
    """Shell code at ``[start, end)`` of the Makefile."""

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


def read_makefile(text: str) -> tuple[list[Region], dict[str, str], list[tuple[int, int]], list[tuple[str, int, int]]]:
    """Shell regions, make variables set to a server path, unread spans, and
    make assignments (name, value start, value end)."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) != len(text):
        # Offsets below are bytes; non-ASCII text is mapped to characters.
        chars: list[int] | None = []
        for i, ch in enumerate(text):
            chars.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
        chars.append(len(text))
    else:
        chars = None

    def at(offset: int) -> int:
        return chars[offset] if chars is not None else offset

    tree = _parser().parse(data)
    regions: list[Region] = []
    assigned: list[tuple[str, int, int]] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error:
            continue
        if node.type == "recipe_line" and not node.has_error:
            # One shell_text per physical line of a continued recipe line: the shell gets them joined.
            texts = [c for c in node.children if c.type == "shell_text"]
            if texts:
                regions.append(Region(at(texts[0].start_byte), at(texts[-1].end_byte)))
            continue
        if node.type == "variable_assignment":
            name = node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if name is not None and value is not None and not node.has_error:
                assigned.append((text[at(name.start_byte):at(name.end_byte)], at(value.start_byte), at(value.end_byte)))
                regions.append(Region(at(value.start_byte), at(value.end_byte)))
            continue
        if node.type == "define_directive":
            body = next((c for c in node.children if c.type == "raw_text"), None)
            if body is not None and not node.has_error:
                regions.append(Region(at(body.start_byte), at(body.end_byte)))
            continue
        stack.extend(reversed(node.children))
    errors: list[tuple[int, int]] = []
    _errors(tree.root_node, errors)
    servers: dict[str, str] = {}
    rejected: set[str] = set()
    for name, start, end in assigned:
        value = text[start:end].strip()
        if " " not in value and value.rsplit("/", 1)[-1] in SERVER_PROGRAMS and "$" not in value:
            servers.setdefault(name, value)
        else:
            rejected.add(name)
    servers = {k: v for k, v in servers.items() if k not in rejected}
    # `SERVER = .../trtserver` names a program (renamed by the assignment hook), it is not a command line.
    program_values = {(start, end) for name, start, end in assigned if name in servers}
    regions = [r for r in regions if (r.start, r.end) not in program_values]
    regions.sort(key=lambda r: r.start)
    return regions, servers, [(at(s), at(e)) for s, e in errors], assigned


class MakeSplitSyntax(SplitSyntax):
    """Server flags kept in a make variable: split on spaces, ``$`` written ``$$``."""

    def quote(self, value: str) -> str:
        return super().quote(value).replace("$", "$$")


def _program_for(name: str, servers: dict[str, str]) -> str:
    for server, program in servers.items():
        if name == server + "_ARGS":
            return program
    return SERVER_PROGRAMS[0]


def _flag_variables(text: str, regions: list[Region], servers: dict[str, str],
                    assigned: list[tuple[str, int, int]]) -> dict[str, tuple[int, int]]:
    """Make variables that hold server flags (``SERVER_ARGS`` next to ``SERVER``, or
    expanded after a server program in a recipe), set once: name -> value span."""
    names = {server + "_ARGS" for server in servers}
    runs = re.compile(r"(?:(?<![\w/.-])(?:" + "|".join(SERVER_PROGRAMS) + r")|\$[({](?:"
                      + "|".join(map(re.escape, servers) or ["(?!)"]) + r")[)}])\s(.*)", re.DOTALL)
    for region in regions:
        match = runs.search(text, region.start, region.end)
        if match:
            names.update(re.findall(r"\$[({](\w+)[)}]", match.group(1)))
    counts: dict[str, int] = {}
    for name, _, _ in assigned:
        counts[name] = counts.get(name, 0) + 1
    found = {}
    for name, start, end in assigned:
        value = text[start:end].strip()
        if name in names and counts[name] == 1 and value.startswith("-") and "$(shell" not in value \
                and "\\" not in value:
            found[name] = (start, end)
    return found


def _flag_command(text: str, start: int, end: int, program: str) -> Command | None:
    value = text[start:end].rstrip()
    words = [Word(m.group(0), start + m.start(), start + m.end(), m.group(0), "$" not in m.group(0))
             for m in re.finditer(r"[^ \t]+", value)]
    if not words:
        return None
    return Command([Word(program, start, start, "", False), *words], 0, MakeSplitSyntax(text), text, via="(make)")


class MakefileCarrier(Carrier):
    name = "makefile"
    label = "Makefile"
    hooks = ("rewrite_command", "rewrite_assignment", "rewrite_text")
    priority = 25

    def claims(self, path: str, head: bytes) -> bool:
        name = basename(path).lower()
        return name in NAMES or name.startswith("makefile.") and extension(path) not in (".am", ".in", ".txt") \
            or extension(path) == ".mk"

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        errors_before = len(read_makefile(text)[2])
        new = run_span_rules(text, ctx, rules,
                             lambda rule, current: self._edits(rule, current, ctx) + text_edits(rule, current, ctx),
                             merge_edits)
        if new != text and len(read_makefile(new)[2]) > errors_before:
            raise CarrierParseError("the rewritten Makefile would not parse; nothing was changed")
        return new

    def _edits(self, rule: Rule, text: str, ctx: FileContext) -> list[Edit]:
        if not wants_shell(rule):
            return []
        regions, servers, errors, assigned = read_makefile(text)
        for start, end in errors:
            report_unparsed(rule, text, start, end, ctx, "the Makefile grammar cannot read this line")
        edits: list[Edit] = []
        flags = _flag_variables(text, regions, servers, assigned)
        for region in regions:
            if (region.start, region.end) in flags.values():
                continue
            code = text[region.start:region.end]
            edits.extend(shell_rule_edits(rule, text, ctx, region.start, region.end, syntax=MakeSyntax,
                                          masked=mask_make(code), variables=servers,
                                          translated=frozenset(flags)))
        for name, (start, end) in flags.items():
            command = _flag_command(text, start, end, _program_for(name, servers))
            if command is not None:
                edits.extend(command_edits(rule, [command], ctx))
        on_assignment = getattr(rule.impl, "rewrite_assignment", None)
        if on_assignment is not None:
            for _name, start, end in assigned:
                raw = text[start:end]
                value = raw.rstrip()
                word = Word(value, start, start + len(value), value, "$" not in value)
                edits.extend(on_assignment(word, ctx, text))
        return edits

    def validate(self, text: str) -> str | None:
        return None  # migrate() compares the grammar's errors before and after


CARRIER = MakefileCarrier()
