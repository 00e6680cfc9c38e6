"""Translate a ``perf_client`` command line into a ``perf_analyzer`` one (spec section 7).

Same contract and result type as ``triton_migrate.flags.translate_argv``: the
options did not change, so the only edit is the program's name (from 2.4.0, when
``perf_analyzer`` appeared); the options V1 already called deprecated are
reported, not rewritten.  A ``perf_analyzer`` command line is left alone.
"""
from __future__ import annotations

from typing import Sequence

from triton_migrate.data import server_flags as facts
from triton_migrate.flags import (
    FlagNote,
    FlagTranslation,
    NewToken,
    TokenEdit,
    apply_edits,
    looks_dynamic,
)
from triton_migrate.versions import DEFAULT_TARGET, Version

_LONG = facts.PERF_LONG_WITH_VALUE | facts.PERF_LONG_NO_VALUE


def _long_name(name: str) -> str:
    """The option a (maybe abbreviated) long name stands for, as getopt_long reads it."""
    if name in _LONG:
        return name
    matches = [option for option in _LONG if option.startswith(name)] if name else []
    return matches[0] if len(matches) == 1 else name


def translate_perf_argv(argv: Sequence[str], target: Version = DEFAULT_TARGET, *,
                        literal: Sequence[bool] | None = None) -> FlagTranslation:
    """Translate one ``perf_client`` command line; ``argv[0]`` is the program."""
    argv = tuple(argv)
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    if base != facts.PERF_V1_PROGRAM:
        return FlagTranslation(argv, argv, (), (), tuple(range(len(argv))), "v2")
    lits = [literal[i] if literal is not None and i < len(literal) else not looks_dynamic(t)
            for i, t in enumerate(argv)]
    edits: list[TokenEdit] = []
    notes: list[FlagNote] = []
    if Version(facts.PERF_RENAMED_IN) <= target:
        directory = argv[0][: len(argv[0]) - len(base)]
        new = directory + facts.PERF_V2_PROGRAM
        edits.append(TokenEdit("replace", 0, (
            NewToken(new, old=base, new=facts.PERF_V2_PROGRAM, at_end=True),)))
        notes.append(FlagNote("program", 0, "info", True, facts.PERF_RENAMED, new, argv[0]))

    def report(index: int, option: str, value: str | None, text: str) -> None:
        suggestion, message = facts.PERF_DEPRECATED[option]
        shown = value if value is not None and lits[index] else "<value>"
        notes.append(FlagNote("flag", index, "warning", False,
                              message.format(flag=text, value=shown), suggestion, text))

    index = 1
    while index < len(argv):
        token = argv[index]
        if token == "--":
            break
        if token.startswith("--"):
            name, eq, value = token[2:].partition("=")
            option = _long_name(name)
            takes = option in facts.PERF_LONG_WITH_VALUE
            # An option perf_client did not have: perf_analyzer takes no
            # positional words, so a following non-option word is its value.
            unknown = option not in _LONG
            spaced = not eq and index + 1 < len(argv) and (
                takes or (unknown and not argv[index + 1].startswith("-")))
            if spaced:
                value = argv[index + 1]
            if f"--{option}" in facts.PERF_DEPRECATED:
                text = token + (f" {value}" if spaced else "")
                report(index, f"--{option}", value if (eq or spaced) else None, text)
            index += 2 if spaced else 1
            continue
        if token.startswith("-") and len(token) > 1:
            consumed = 1
            for position in range(1, len(token)):
                letter = token[position]
                option = f"-{letter}"
                if letter in facts.PERF_SHORT_WITH_VALUE:
                    value: str | None = token[position + 1:]
                    text = token
                    if not value and index + 1 < len(argv):
                        value, consumed = argv[index + 1], 2
                        text = f"{token} {value}"
                    if option in facts.PERF_DEPRECATED:
                        report(index, option, value or None, text)
                    break
                if option in facts.PERF_DEPRECATED:
                    report(index, option, None, token)
            index += consumed
            continue
        index += 1
    new_argv, origin = apply_edits(argv, edits)
    return FlagTranslation(argv, new_argv, tuple(edits), tuple(notes), origin, "v1")
