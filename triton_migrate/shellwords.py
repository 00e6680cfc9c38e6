"""Find the simple commands of a shell text, with spans, using bashlex.

``find_commands(text, base)`` returns every simple command (also inside
pipelines, lists, ``if``/``for`` bodies, functions and ``$( )``) as a
:class:`~triton_migrate.argv.Command` whose ``program`` index skips wrappers
(``exec``, ``nohup``, ``sudo``, ``env VAR=x``, ``time``...) and, for
``docker run``/``nvidia-docker run``/``podman run``, the container options and
the image.  Offsets are relative to the text given plus ``base``.

bashlex does not know every bash construct; :class:`ShellParseError` is
raised and the carrier falls back to reporting.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import bashlex.ast

from triton_migrate.argv import Command, ShellSyntax, Word

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
    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class ShellCommand:
    command: Command
    # Words before the program that are assignments (``VAR=x prog``): not argv.
    node: object


def _bashlex() -> Any:
    """bashlex, imported on first use: it builds its parser tables at import
    (about 150 ms), which a run over Python files alone never needs."""
    import bashlex
    import bashlex.ast
    import bashlex.errors

    return bashlex


def _errors() -> tuple[type[BaseException], ...]:
    return (_bashlex().errors.ParsingError, NotImplementedError, AttributeError, IndexError, TypeError,
            ValueError, AssertionError, RecursionError)

# Constructs bashlex does not know, masked (same length, so every offset stays)
# when a first parse fails.  None of them can hold the program of a command
# except arrays, which are returned as gaps for the carrier to report.
_ARITH = re.compile(r"\$\(\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\)|\$\[[^\]]*\]")
_DOUBLE_BRACKET = re.compile(r"(?<![^\s;&|(])\[\[(?=\s)|(?<=\s)\]\](?=$|[\s;&|)])", re.MULTILINE)
_CASE_HEAD = re.compile(r"(?<![\w-])case\s+[^\n;]*?\s+in(?=\s)")
_CASE_PATTERN = re.compile(r"^[ \t]*\(?[^()\s;|][^()\n;]*?(?:\|[^()\n;]*?)*\)", re.MULTILINE)
_CASE_END = re.compile(r";;&?|;&|(?<![\w-])esac(?![\w-])")
_ARRAY = re.compile(r"(?<![\w$])([A-Za-z_]\w*(?:\[[^\]]*\])?\+?=)\(([^()]*)\)")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_unsupported(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with the constructs bashlex rejects masked, and the masked array spans."""
    gaps: list[tuple[int, int]] = []
    text = _ARITH.sub(lambda m: "$" + "_" * (len(m.group(0)) - 1), text)
    text = _DOUBLE_BRACKET.sub(lambda m: "[ " if m.group(0) == "[[" else " ]", text)
    if _CASE_HEAD.search(text):
        text = _CASE_HEAD.sub(_blank, text)
        text = _CASE_PATTERN.sub(_blank, text)
        text = _CASE_END.sub(lambda m: ";" + " " * (len(m.group(0)) - 1) if m.group(0).startswith(";") else ":   ", text)

    def array(match: re.Match[str]) -> str:
        gaps.append((match.start(2) - 1, match.end(2) + 1))
        return match.group(1) + "_" * (len(match.group(0)) - len(match.group(1)))

    text = _ARRAY.sub(array, text)
    return text, gaps


def _parse(text: str, gaps: list[tuple[int, int]] | None = None) -> list[bashlex.ast.node]:
    # bashlex stumbles on CR; a space keeps every offset where it was.
    clean = text.replace("\\\r\n", " \\\n").replace("\r", " ")
    bashlex, errors = _bashlex(), _errors()
    try:
        return bashlex.parse(clean)
    except errors as exc:
        first = exc
    masked, found = mask_unsupported(clean)
    try:
        trees = bashlex.parse(masked)
    except errors:
        position = getattr(first, "position", 0) or 0
        raise ShellParseError(f"shell construct not understood ({type(first).__name__}: {first})", position) from None
    if gaps is not None:
        gaps.extend(found)
    return trees


def _word_static(node: bashlex.ast.node) -> bool:
    return not any(p.kind in ("parameter", "commandsubstitution", "processsubstitution", "tilde")
                   for p in getattr(node, "parts", []) or [])


def _collector() -> Any:
    class _Collector(_bashlex().ast.nodevisitor):  # type: ignore[misc]
        def __init__(self) -> None:
            self.commands: list[bashlex.ast.node] = []

        def visitcommand(self, node: bashlex.ast.node, parts: list) -> None:
            self.commands.append(node)

    return _Collector()


# Shells whose ``-c`` argument is a script, in exec-form argv (JSON, YAML lists).
SHELLS = frozenset({"sh", "bash", "dash", "ash"})


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
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", word, re.DOTALL):
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
                if "=" in option or option in DOCKER_BOOL or re.fullmatch(r"-[dit]+", option) or re.fullmatch(r"-p\d.*|-v/.*|-e\w.*", option):
                    j += 1
                else:
                    j += 2
            # values[j] is the image; the program follows it.
            return j + 1 if j + 1 < n else None
        return i
    return None


def find_commands(text: str, base: int = 0, full_text: str | None = None,
                  gaps: list[tuple[int, int]] | None = None) -> list[Command]:
    """Every simple command in ``text`` (raises ShellParseError).

    ``gaps`` receives the spans (relative to ``text``) that could not be read
    as commands (arrays), for the carrier to report.
    """
    full = full_text if full_text is not None else text
    if not text.strip():
        return []
    trees = _parse(text, gaps)
    collector = _collector()
    for tree in trees:
        collector.visit(tree)
    syntax = ShellSyntax(full)
    commands = []
    for node in collector.commands:
        words = []
        for part in node.parts:
            if part.kind == "word":
                start, end = part.pos
                words.append(Word(part.word, base + start, base + end, text[start:end], _word_static(part)))
            elif part.kind == "assignment":
                start, end = part.pos
                words.append(Word(part.word, base + start, base + end, text[start:end], False))
        if not words:
            continue
        index = program_index([w.value for w in words])
        if index is None or index >= len(words):
            continue
        commands.append(Command(words, index, syntax, full))
    return commands


def assignments(text: str, base: int = 0) -> list[Word]:
    """``NAME=value`` words of the text (top-level and nested), value spans only."""
    trees = _parse(text)
    found: list[Word] = []

    class _Assign(_bashlex().ast.nodevisitor):  # type: ignore[misc]
        def visitassignment(self, node: bashlex.ast.node, parts: list) -> None:
            start, end = node.pos
            raw = text[start:end]
            name, _, _ = node.word.partition("=")
            eq = raw.index("=") + 1
            found.append(Word(node.word[len(name) + 1:], base + start + eq, base + end, raw[eq:], _word_static(node)))

    for tree in trees:
        _Assign().visit(tree)
    return found
