"""C, C++ and CUDA sources and headers, and CMake files: tokenized, never edited.

The rules for this carrier only report.  A small hand-written lexer turns the
text into identifier tokens and ``#include`` targets with spans, skipping
comments, string and character literals (raw strings too), so a V1 name in a
comment or a log message is not a usage.  No C++ parser is needed: the V1 names
are distinctive and each rule asks for evidence (an include, the namespace)
before reporting the generic ones.  CMake files get the same treatment with
CMake's comment syntax (``#``, ``#[[ ]]``); quoted arguments are kept because
an option name may be quoted.

Hooks a rule defines:

* ``check_source(source: Source, ctx) -> None`` for C/C++/CUDA files;
* ``check_cmake(source: Source, ctx) -> None`` for ``CMakeLists.txt`` and ``*.cmake``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from triton_migrate.carriers import Carrier, basename, extension, run_report_rules

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

SOURCE_EXTENSIONS = (".c", ".cc", ".cpp", ".cxx", ".cu", ".cuh", ".h", ".hh", ".hpp", ".hxx")


@dataclass(frozen=True)
class Token:
    value: str
    start: int
    end: int


@dataclass
class Source:
    text: str
    tokens: list[Token] = field(default_factory=list)  # identifiers (C) or words (CMake)
    includes: list[Token] = field(default_factory=list)  # include targets, path as written

    def names(self) -> set[str]:
        return {t.value for t in self.tokens}

    def has_sequence(self, parts: tuple[str, ...]) -> bool:
        """Whether ``a::b::c`` (or ``namespace a { namespace b ...``) is written somewhere."""
        joined = "::".join(parts)
        return joined in _code_only(self)

    def included(self, header: str) -> list[Token]:
        return [t for t in self.includes if t.value.replace("\\", "/").rsplit("/", 1)[-1] == header]


def _code_only(source: Source) -> str:
    # The identifiers and '::' joined, for namespace look-ups.
    text = source.text
    out = []
    previous = None
    for token in source.tokens:
        if previous is not None:
            gap = text[previous.end:token.start]
            out.append("::" if gap.strip() == "::" else " ")
        out.append(token.value)
        previous = token
    return "".join(out)


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INCLUDE = re.compile(r'#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]')
_RAW = re.compile(r'R"([^()\\ \t\n]{0,16})\(')
_PREFIXES = ("L", "u", "U", "u8", "R", "LR", "uR", "UR", "u8R")


def lex_c(text: str) -> Source:
    """Identifiers and include targets of C/C++ text, outside comments and literals."""
    source = Source(text)
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if line_start and c == "#":
            match = _INCLUDE.match(text, i)
            if match:
                source.includes.append(Token(match.group(2), match.start(2), match.end(2)))
                i = match.end()
                line_start = False
                continue
        line_start = False
        if text.startswith("//", i):
            end = i
            while True:  # a backslash continues a line comment
                end = text.find("\n", end)
                if end < 0 or not text[end - 1:end] == "\\":
                    break
                end += 1
            i = n if end < 0 else end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        match = _IDENT.match(text, i)
        if match:
            word = match.group(0)
            if match.end() < n and text[match.end()] in "\"'" and word in _PREFIXES:
                i = match.end()  # an encoding prefix: the literal is skipped next
                if word.endswith("R"):
                    raw = _RAW.match(text, i - 1)
                    if raw:
                        close = text.find(")" + raw.group(1) + '"', raw.end())
                        i = n if close < 0 else close + len(raw.group(1)) + 2
                continue
            source.tokens.append(Token(word, match.start(), match.end()))
            i = match.end()
            continue
        if c.isdigit():
            match = re.compile(r"[0-9][0-9A-Za-z_.']*").match(text, i)
            i = match.end() if match else i + 1
            continue
        i += 1
    return source


_CMAKE_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.:+-]*")


def lex_cmake(text: str) -> Source:
    """Words of a CMake file outside comments (line ``#`` and bracket ``#[=[ ]=]``)."""
    source = Source(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            bracket = re.match(r"#\[(=*)\[", text[i:i + 40])
            if bracket:
                close = text.find("]" + bracket.group(1) + "]", i + bracket.end())
                i = n if close < 0 else close + len(bracket.group(1)) + 2
            else:
                end = text.find("\n", i)
                i = n if end < 0 else end
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            for match in _CMAKE_WORD.finditer(text, i + 1, min(j, n)):
                source.tokens.append(Token(match.group(0), match.start(), match.end()))
            i = j + 1
            continue
        match = _CMAKE_WORD.match(text, i)
        if match and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            source.tokens.append(Token(match.group(0), match.start(), match.end()))
            i = match.end()
            continue
        i += 1
    return source


def is_cmake(path: str) -> bool:
    return basename(path) == "CMakeLists.txt" or extension(path) == ".cmake"


class CppCarrier(Carrier):
    name = "cpp"
    hooks = ("check_source", "check_cmake")
    label = "C/C++ or CMake"
    priority = 60

    def claims(self, path: str, head: bytes) -> bool:
        return extension(path) in SOURCE_EXTENSIONS or is_cmake(path)

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        cmake = is_cmake(ctx.path)
        source = lex_cmake(text) if cmake else lex_c(text)
        run_report_rules(ctx, rules, "check_cmake" if cmake else "check_source", source)
        return text


CARRIER = CppCarrier()
