"""Read shell code with tree-sitter-bash: its simple commands and assignments, with spans.

``parse_shell(text, base)`` returns a :class:`ShellCode`: every simple command
(also inside pipelines, lists, ``if``/``for``/``while``/``case`` bodies,
functions, subshells, ``$( )`` and backquotes) as a
:class:`~triton_migrate.argv.Command` whose ``program`` index skips wrappers
(``exec``, ``nohup``, ``sudo``, ``env VAR=x``, ``time``...) and, for
``docker run``/``nvidia-docker run``/``podman run``, the container options and
the image; every ``NAME=value`` assignment; a command line kept in an array
(``CMD=(trtserver --model-store=/m)``) as a command too; and the spans the
grammar could not read (its error nodes).  Offsets are relative to the text
given plus ``base``.

tree-sitter recovers from errors: a construct it cannot read becomes an error
node and every command outside it is still returned.  A command that touches an
error is left out (its words may be wrong); the carrier reports the lines of the
error spans that hold V1 usage.

A command whose program is a variable (``"$SERVER" --flags``, ``${SERVER}``)
is resolved when every assignment of that variable in the same code names the
server (``SERVER=/opt/tensorrtserver/bin/trtserver``): the command's program
word then carries the assigned value and ``Command.via`` the variable name, so
argv rules translate the flags and leave the word ``$SERVER`` alone (the
assignment is renamed where it is written).

Heredoc bodies are data, not commands: they are left to the name-level rules.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from triton_migrate.argv import Command, ShellSyntax, Word
from triton_migrate.data.deployment import SERVER_PROGRAMS, SHELLS, V1_SERVER
from triton_migrate.data.server_flags import V1_FLAGS
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

WRAPPERS = {"exec", "nohup", "sudo", "time", "nice", "setsid", "stdbuf", "timeout", "numactl", "taskset",
            "gosu", "su-exec", "tini", "dumb-init", "env", "command", "xargs", "unbuffer", "chrt", "ionice",
            "nvidia_entrypoint.sh"}
# Wrappers that take one positional before the program (`timeout 60 prog`, `gosu user prog`).
WRAPPER_POSITIONALS = {"timeout": 1, "gosu": 1, "su-exec": 1, "taskset": 1, "chrt": 1}
# Options of those wrappers that take a separate value.
WRAPPER_VALUE_OPTIONS = {"-u", "-g", "-n", "-c", "-C", "-p", "-s", "-k", "--user", "--group", "--signal",
                         "--kill-after", "-o", "-e", "-i", "--physcpubind", "--membind", "--cpunodebind"}
CONTAINER_RUNNERS = {"docker", "nvidia-docker", "podman"}
# `docker run` options that take no value; every other option without `=` takes the next word.
DOCKER_BOOL = {"--rm", "-d", "--detach", "-i", "--interactive", "-t", "--tty", "-it", "-ti", "-dit", "-itd",
               "-P", "--publish-all", "--init", "--privileged", "--read-only", "--sig-proxy", "-q", "--quiet",
               "--no-healthcheck", "--oom-kill-disable", "-rm"}


class ShellParseError(Exception):
    """Raised by :func:`find_commands` when the code holds a construct the grammar cannot read."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class Assignment:
    """``NAME=value`` (``value`` is None for an array ``NAME=(...)``)."""

    name: str
    value: Word | None
    start: int
    end: int
    items: list[Word] | None = None  # the words of an array
    # False for `NAME=value prog` (the variable is set for that command only).
    standalone: bool = True
    # The grammar stopped the value early (`X=--a=`pwd`/m`): ``value`` is not what bash assigns.
    cut: bool = False


@dataclass
class ShellCode:
    """What :func:`parse_shell` read (offsets include ``base``)."""

    commands: list[Command] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    errors: list[tuple[int, int]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import tree_sitter
    import tree_sitter_bash

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


def parse_tree(text: str) -> tuple[Any, Any]:
    """The tree-sitter tree of ``text`` and a byte-offset to character-offset map."""
    data = text.encode("utf-8", "surrogatepass")
    tree = _parser().parse(data)
    if len(data) == len(text):
        return tree, None
    chars = [0] * (len(data) + 1)
    at = 0
    for i, ch in enumerate(text):
        width = len(ch.encode("utf-8", "surrogatepass"))
        for k in range(width):
            chars[at + k] = i
        at += width
    chars[at] = len(text)
    return tree, chars


def shell_c_script(values: list[str], index: int) -> int | None:
    """Index of the script word when ``values[index]`` runs ``sh -c SCRIPT`` (or ``-ec``...)."""
    name = values[index].rsplit("/", 1)[-1]
    if name in SHELLS and index + 2 < len(values) and re.fullmatch(r"-\w*c", values[index + 1]):
        return index + 2
    return None


def program_index(values: list[str]) -> int | None:
    """Index of the program among the words of a simple command (after wrappers)."""
    i = 0
    n = len(values)
    while i < n:
        word = values[i]
        name = word.rsplit("/", 1)[-1]
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=.*", word, re.DOTALL):
            i += 1
            continue
        if name in WRAPPERS:
            positionals = WRAPPER_POSITIONALS.get(name, 0)
            i += 1
            while i < n and (values[i].startswith("-") or (name == "env" and "=" in values[i])):
                if values[i] in WRAPPER_VALUE_OPTIONS and name != "env":
                    i += 1
                i += 1
            i += positionals
            continue
        if name in CONTAINER_RUNNERS:
            j = i + 1
            if j < n and values[j] == "container":
                j += 1
            if j >= n or values[j] not in ("run", "create"):
                return None
            j += 1
            while j < n and values[j].startswith("-"):
                option = values[j]
                if "=" in option or option in DOCKER_BOOL or re.fullmatch(r"-[dit]+", option) or re.fullmatch(r"-[vpeuwmhlc]\S+", option):
                    j += 1
                else:
                    j += 2
            # values[j] is the image; the program follows it.
            return j + 1 if j + 1 < n else None
        return i
    return None


# -- reading words ------------------------------------------------------------

_EXPANSIONS = {"simple_expansion", "expansion", "command_substitution", "process_substitution",
               "arithmetic_expansion", "ansi_c_string", "translated_string", "brace_expression"}
_NOT_ARGUMENTS = {"file_redirect", "heredoc_redirect", "herestring_redirect", "comment"}
_UNESCAPE_WORD = re.compile(r"\\(\r?\n|.)", re.DOTALL)
_UNESCAPE_STRING = re.compile(r"\\(\r?\n|[$`\"\\])")


def _unescape_word(raw: str) -> str:
    return _UNESCAPE_WORD.sub(lambda m: "" if m.group(1) in ("\n", "\r\n") else m.group(1), raw)


def _unescape_string(raw: str) -> str:
    return _UNESCAPE_STRING.sub(lambda m: "" if m.group(1) in ("\n", "\r\n") else m.group(1), raw)


class _Reader:
    """Spans and values of nodes.  ``parsed`` is the text tree-sitter read; when a
    carrier masked its own syntax first (Makefile ``$(VAR)``, ``$$``), ``offsets``
    maps each parsed character to the source ``text`` the spans refer to."""

    def __init__(self, text: str, base: int, chars: list[int] | None, parsed: str | None = None,
                 offsets: list[int] | None = None) -> None:
        self.text = text
        self.parsed = text if parsed is None else parsed
        self.base = base
        self.chars = chars
        self.offsets = offsets

    def _parsed_span(self, node: Node) -> tuple[int, int]:
        if self.chars is None:
            return node.start_byte, node.end_byte
        return self.chars[node.start_byte], self.chars[node.end_byte]

    def span(self, node: Node) -> tuple[int, int]:
        start, end = self._parsed_span(node)
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end]

    def raw(self, node: Node) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def parsed_raw(self, node: Node) -> str:
        start, end = self._parsed_span(node)
        return self.parsed[start:end]

    def value(self, node: Node) -> tuple[str, bool]:
        """What the program receives for this argument node, and whether it is literal."""
        kind = node.type
        raw = self.parsed_raw(node)
        if kind == "word":
            return _unescape_word(raw), not raw.startswith("~")
        if kind == "number":
            return raw, True
        if kind == "raw_string":
            return raw[1:-1], True
        if kind == "string":
            static = not any(c.type in _EXPANSIONS for c in node.named_children)
            # An expansion is shown as written in the source (a Makefile's `$(VAR)`, not its mask).
            return _unescape_string((raw if static else self.raw(node))[1:-1]), static
        if kind == "concatenation":
            values = [self.value(c) for c in node.children]
            return "".join(v for v, _ in values), all(s for _, s in values)
        return self.raw(node), False

    def word(self, node: Node) -> Word:
        start, end = self.span(node)
        value, static = self.value(node)
        return Word(value, self.base + start, self.base + end, self.text[start:end], static)


# Complete statements the parser built before it met an error: they were read in
# their context (quotes, heredocs), so their commands are used.
_STATEMENTS = {"command", "redirected_statement", "pipeline", "list", "subshell", "compound_statement",
               "if_statement", "for_statement", "c_style_for_statement", "while_statement", "case_statement",
               "function_definition", "variable_assignment", "declaration_command", "negated_command",
               "test_command", "unset_command"}


def _missing(node: Node, reader: _Reader, out: list[tuple[int, int]]) -> None:
    """Spans of the tokens the parser had to invent (a missing ``fi``, ``;;``...)."""
    if node.is_missing:
        # A missing token is zero-width: name the line it belongs to.
        start, _ = reader.span(node)
        line_start = reader.text.rfind("\n", 0, start) + 1
        out.append((reader.base + line_start, reader.base + max(start, line_start + 1)))
        return
    if not node.has_error or node.is_error:
        return
    for child in node.children:
        _missing(child, reader, out)


def _error_parts(node: Node, reader: _Reader, errors: list[tuple[int, int]], stack: list[Node]) -> None:
    """Split an error node: complete statements go back to the walk, the rest is unread."""
    for child in node.children:
        if child.is_error:
            _error_parts(child, reader, errors, stack)
        elif child.is_named and not child.has_error and child.type in _STATEMENTS:
            stack.append(child)
        else:
            start, end = reader.span(child)
            if errors and errors[-1][1] >= reader.base + start - 1 and reader.text[errors[-1][1] - reader.base:start].strip() == "":
                errors[-1] = (errors[-1][0], reader.base + end)
            else:
                errors.append((reader.base + start, reader.base + end))
    if node.child_count == 0:
        start, end = reader.span(node)
        errors.append((reader.base + start, reader.base + max(end, start + 1)))


def parse_shell(text: str, base: int = 0, full_text: str | None = None, *,
                masked: tuple[str, list[int]] | None = None, variables: dict[str, str] | None = None,
                syntax: ShellSyntax | None = None, translated: frozenset[str] = frozenset()) -> ShellCode:
    """Every simple command, assignment and unreadable span of ``text`` (never raises).

    ``masked`` is ``(parsed_text, offsets)`` when the carrier rewrote its own
    syntax away before the shell reads the code (offsets map each parsed
    character, and the end, to ``text``); ``variables`` are server paths set
    outside the code (a Makefile's ``SERVER = .../trtserver``); ``translated``
    names variables of server flags translated where they are set outside the code.
    """
    full = full_text if full_text is not None else text
    code = ShellCode()
    if not text.strip():
        return code
    parsed, offsets = masked if masked is not None else (text, None)
    tree, chars = parse_tree(parsed)
    reader = _Reader(text, base, chars, parsed, offsets)
    _missing(tree.root_node, reader, code.errors)
    syntax = syntax or ShellSyntax(full)
    raw_commands: list[list[Word]] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        kind = node.type
        if node.is_error:
            found: list[Node] = []
            _error_parts(node, reader, code.errors, found)
            stack.extend(reversed(found))
            continue
        if kind in ("heredoc_body", "comment"):
            continue
        if kind == "command" and not node.has_error:
            words: list[Word] = []
            seen_name = False
            for child in node.named_children:
                if child.type in _NOT_ARGUMENTS:
                    continue
                if child.type == "command_name":
                    seen_name = True
                    inner = child.named_children[0] if child.named_child_count else child
                    words.append(reader.word(inner))
                elif child.type == "variable_assignment" and not seen_name:
                    start, end = reader.span(child)
                    words.append(Word(reader.raw(child), base + start, base + end, reader.raw(child), False))
                else:
                    words.append(reader.word(child))
            if seen_name:
                raw_commands.append(words)
        elif kind == "test_command" and not node.has_error and node.child_count:
            # `[[ -x /opt/tensorrtserver/bin/trtserver ]]`: its operands, as the arguments of `[[`.
            raw_commands.append([reader.word(node.children[0]), *_operands(node, reader)])
        elif kind == "variable_assignment" and not node.has_error:
            _assignment(node, reader, code, raw_commands)
        stack.extend(reversed(node.children))
    servers = {**(variables or {}), **_server_variables(code.assignments)}
    commands: list[Command] = []
    for words in raw_commands:
        values = [w.value for w in words]
        index = program_index(values)
        if index is None or index >= len(words):
            continue
        via = None
        program = words[index]
        if not program.static:
            name = _variable_name(program.raw)
            if name is not None and name in servers:
                words = list(words)
                words[index] = Word(servers[name], program.start, program.end, program.raw, False)
                via = name
        commands.append(Command(words, index, syntax, full, via=via))
    code.commands = commands + _argument_variables(commands, code.assignments, servers, reader, full, translated)
    code.commands.sort(key=lambda c: c.words[0].start)
    code.errors.sort()
    return code


_OPERANDS = {"word", "string", "raw_string", "concatenation", "number", "simple_expansion", "expansion"}


def _operands(node: Node, reader: _Reader) -> list[Word]:
    found: list[Word] = []
    for child in node.named_children:
        if child.type in _OPERANDS:
            found.append(reader.word(child))
        elif child.type not in ("test_operator", "command_substitution", "regex", "extglob_pattern"):
            found.extend(_operands(child, reader))
    return found


class SplitSyntax(ShellSyntax):
    """Server flags kept in a variable (``SERVER_ARGS="--a --b"``, ``ARGS=(--a --b)``):
    words separated by spaces, the program an empty word where the value starts."""

    def quote(self, value: str) -> str:
        # The value is split on spaces where it is used: a quote would stay literal.
        return value if not re.search(r"[\s\"'`$\\]", value) else shlex.quote(value)

    def insert_after(self, word: Word, rendered: list[str]) -> Edit:
        if word.raw == "" and word.start == word.end:
            after = self.text[word.end:word.end + 1]
            sep = "" if after in ('"', "'", ")", "") else " "
            return Edit(word.end, word.end, " ".join(rendered) + sep)
        return super().insert_after(word, rendered)

    def finish(self) -> list[Edit]:
        return []

    def delete(self, word: Word) -> Edit:
        text = self.text
        if text[word.end:word.end + 1] == " ":
            return Edit(word.start, word.end + 1, "")
        if word.start > 0 and text[word.start - 1] == " ":
            return Edit(word.start - 1, word.end, "")
        return Edit(word.start, word.end, "")


class BareSplitSyntax(SplitSyntax):
    """An unquoted one-word value (``SERVER_ARGS=--model-store=/m``): words added to
    it make it a double-quoted string (``finish`` writes the closing quote)."""

    def __init__(self, text: str, start: int, end: int) -> None:
        super().__init__(text)
        self.start, self.end = start, end
        self.opened = False
        self.spaced = False

    def insert_after(self, word: Word, rendered: list[str]) -> Edit:
        if word.raw == "" and word.start == word.end:
            self.opened = True
            return Edit(word.end, word.end, '"' + " ".join(rendered) + " ")
        self.spaced = True
        return super().insert_after(word, rendered)

    def replace(self, word: Word, rendered: list[str]) -> Edit:
        if len(rendered) > 1:
            self.spaced = True
        return super().replace(word, rendered)

    def finish(self) -> list[Edit]:
        if self.opened:
            return [Edit(self.end, self.end, '"')]
        if self.spaced:
            return [Edit(self.start, self.start, '"'), Edit(self.end, self.end, '"')]
        return []


_ARG_SUFFIXES = ("_ARGS",)
_SPLIT_WORD = re.compile(r"[^ \t\n]+")
# Flags only trtserver took (V2 refuses or renamed them).  A `*_ARGS` variable that
# holds one holds server flags, wherever the command that expands it is (a helper
# the script sources, say): its flags are translated where it is set.
_V1_ONLY_FLAGS = frozenset(f"--{name}" for name, flag in V1_FLAGS.items()
                           if flag.fate in ("removed", "renamed", "backend-config"))
_SUBSTITUTION = re.compile(r"`[^`]*`|\$\([^()]*\)")


def _holds_v1_flag(assignment: Assignment) -> bool:
    if assignment.value is not None:
        words = [m.group(0) for m in _SPLIT_WORD.finditer(assignment.value.raw.strip("\"'"))]
    else:
        words = [w.value for w in assignment.items or []]
    return any(w.split("=", 1)[0].strip("\"'") in _V1_ONLY_FLAGS for w in words)


def _argument_variables(commands: list[Command], assigned: list[Assignment], servers: dict[str, str],
                        reader: _Reader, full: str, outside: frozenset[str] = frozenset()) -> list[Command]:
    """Commands for server flags kept in variables: ``SERVER_ARGS=...`` next to a
    ``SERVER`` variable, or a variable a server command of this code expands."""
    wanted: dict[str, str] = {}
    for name, program in servers.items():
        for suffix in _ARG_SUFFIXES:
            wanted.setdefault(name + suffix, program)
    users: list[tuple[Command, list[str]]] = []
    for command in commands:
        program = command.program_word.value
        if program.rsplit("/", 1)[-1] not in SERVER_PROGRAMS:
            continue
        names = []
        for word in command.words[command.program + 1:]:
            name = _variable_name(word.raw) or _array_name(word.raw)
            if name is not None:
                wanted.setdefault(name, program)
                names.append(name)
        users.append((command, names))
    for assignment in assigned:
        if assignment.name.endswith(_ARG_SUFFIXES) and assignment.standalone and _holds_v1_flag(assignment):
            wanted.setdefault(assignment.name, V1_SERVER)
    found: list[Command] = []
    translated: set[str] = set(outside)
    untranslated: set[str] = set()
    by_start = {a.start: a for a in assigned}
    for assignment in by_start.values():
        program = wanted.get(assignment.name)
        if program is None or not assignment.standalone:
            continue
        words = _value_words(assignment, reader) if not assignment.cut else None
        if words is None:
            if assignment.value is not None and assignment.value.raw.lstrip("\"'").startswith("-"):
                # Flags the tool cannot split: the translator names them as opaque.
                value = assignment.value
                opaque = Word(value.raw, value.start, value.end, value.raw, False)
                found.append(Command([Word(program, value.start, value.start, "", False), opaque], 0,
                                     SplitSyntax(full), full, via=assignment.name, defaults=False))
                untranslated.add(assignment.name)
            continue
        at = words[0].start if words else assignment.end
        program_word = Word(program, at, at, "", False)
        value = assignment.value
        bare = value is not None and value.raw[:1] not in ("'", '"')
        syntax = BareSplitSyntax(full, value.start, value.end) if bare and value is not None else SplitSyntax(full)
        found.append(Command([program_word, *words], 0, syntax, full, via=assignment.name))
        translated.add(assignment.name)
    translated -= untranslated
    for command, names in users:
        if names and all(n in translated for n in names):
            # Their flags are translated where the variables are set: the command
            # neither sees them nor gets the V1 defaults a second time.
            command.defaults = False
            command.words = [w for w in command.words
                             if (_variable_name(w.raw) or _array_name(w.raw)) not in translated]
    return found


def _array_name(raw: str) -> str | None:
    m = re.fullmatch(r'"?\$\{([A-Za-z_]\w*)\[[@*]\]\}"?', raw)
    return m.group(1) if m else None


def _value_words(assignment: Assignment, reader: _Reader) -> list[Word] | None:
    """The words a variable's value splits into, or None when that is not clear."""
    base = reader.base
    value = assignment.value
    if value is None:
        items = assignment.items or []
        return items if items and items[0].value.startswith("-") else None
    raw = value.raw
    if "\\" in raw or "\n" in raw or any(re.search(r"\s", m.group(0)) for m in _SUBSTITUTION.finditer(raw)):
        return None
    if ("$(" in raw or "`" in raw) and _SUBSTITUTION.sub("", raw).count("`") + _SUBSTITUTION.sub("", raw).count("$("):
        return None  # a substitution the pattern does not close (nested, say)
    if raw[:1] in "\"'" and raw[-1:] == raw[:1] and len(raw) >= 2:
        inner_start = value.start + 1
        inner = raw[1:-1]
    elif " " not in raw:
        inner_start = value.start
        inner = raw
    else:
        return None
    if not inner.lstrip().startswith("-"):
        return None
    del base
    return [Word(m.group(0), inner_start + m.start(), inner_start + m.end(), m.group(0),
                 not re.search(r"[$`]", m.group(0))) for m in _SPLIT_WORD.finditer(inner)]


def _variable_name(raw: str) -> str | None:
    m = re.fullmatch(r'"?\$(?:\{([A-Za-z_]\w*)\}|\(([A-Za-z_]\w*)\)|([A-Za-z_]\w*))"?', raw)
    return (m.group(1) or m.group(2) or m.group(3)) if m else None


def _assignment(node: Node, reader: _Reader, code: ShellCode, raw_commands: list[list[Word]]) -> None:
    name_node = node.child_by_field_name("name")
    value_node = node.child_by_field_name("value")
    if name_node is None:
        return
    start, end = reader.span(node)
    name = reader.raw(name_node)
    if value_node is None:
        code.assignments.append(Assignment(name, Word("", reader.base + end, reader.base + end, "", True),
                                           reader.base + start, reader.base + end))
        return
    if value_node.type == "array":
        items = [reader.word(c) for c in value_node.named_children if c.type not in ("comment",)]
        code.assignments.append(Assignment(name, None, reader.base + start, reader.base + end, items))
        if items:
            raw_commands.append(items)
        return
    value = reader.word(value_node)
    after = reader.text[value.end - reader.base:value.end - reader.base + 1]
    parent = node.parent
    standalone = parent is None or parent.type != "command"
    if after not in ("", " ", "\t", "\n", "\r", ";", "&", "|", ")"):
        # The grammar stopped the value early (`X=--a=`pwd`/m` reads as `X=--a=` and
        # a command): the word runs to the next blank.
        line_end = re.compile(r"[^\s;&|]*").match(reader.text, value.end - reader.base)
        end_at = reader.base + (line_end.end() if line_end else value.end - reader.base)
        raw = reader.text[value.start - reader.base:end_at - reader.base]
        code.assignments.append(Assignment(name, Word(raw, value.start, end_at, raw, False),
                                           reader.base + start, end_at, standalone=True, cut=True))
        return
    code.assignments.append(Assignment(name, value, reader.base + start, reader.base + end, standalone=standalone))


def _server_variables(assignments: list[Assignment]) -> dict[str, str]:
    """Variables whose every assignment names the server: name -> value."""
    found: dict[str, str] = {}
    rejected: set[str] = set()
    for assignment in assignments:
        value = assignment.value if not assignment.cut else None
        program = value.value.rsplit("/", 1)[-1] if value is not None else ""
        if value is not None and program in SERVER_PROGRAMS and not value.raw.endswith(("/", "}")):
            found.setdefault(assignment.name, value.value)
        else:
            rejected.add(assignment.name)
    return {name: value for name, value in found.items() if name not in rejected}


def error_count(text: str) -> int:
    """How many error and missing nodes the grammar leaves in ``text`` (0 for valid code)."""
    tree, _ = parse_tree(text)
    count = 0
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            count += 1
        elif node.has_error:
            stack.extend(node.children)
    return count


def find_commands(text: str, base: int = 0, full_text: str | None = None,
                  gaps: list[tuple[int, int]] | None = None) -> list[Command]:
    """Every simple command in ``text``; raises :class:`ShellParseError` when part
    of it cannot be read (callers that can report use :func:`parse_shell`)."""
    code = parse_shell(text, base, full_text)
    if code.errors:
        start = code.errors[0][0] - base
        line = text.count("\n", 0, start) + 1
        raise ShellParseError(f"the shell grammar cannot read line {line}", start)
    return code.commands


def assignments(text: str, base: int = 0) -> list[Word]:
    """The value words of the ``NAME=value`` assignments of ``text`` (nested ones too)."""
    return [a.value for a in parse_shell(text, base).assignments if a.value is not None and not a.cut]
