"""Carriers: adapters that find V1 usages in one kind of file and write edits back.

Each module here defines ``CARRIER``, an instance of a :class:`Carrier`
subclass.  Carriers know file types and syntax; rules know the V1 to V2 facts.
"""
from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule
    from triton_migrate.text import Edit


class CarrierParseError(Exception):
    """The file does not parse; it must be left byte-identical."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class Carrier:
    """Base class.  Subclasses set ``name``/``label`` and implement the hooks."""

    name = ""
    label = ""
    priority = 100  # lower claims first
    # The functions of a rule module this carrier calls (documented in its
    # module docstring).  A rule that names the carrier must define at least
    # one of them; ``triton_migrate.rules.all_rules()`` checks it.
    hooks: tuple[str, ...] = ()
    # True when migrate() already proved its output parses (the engine then
    # skips validate()).
    self_validating = False

    def claims(self, path: str, head: bytes) -> bool:
        """Does this carrier handle the file?  ``head`` is its first bytes."""
        raise NotImplementedError

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        """Apply ``rules`` to ``text`` and return the new text (raise CarrierParseError)."""
        raise NotImplementedError

    def validate(self, text: str) -> str | None:
        """Return why ``text`` is not valid for this carrier, or None."""
        return None


def run_span_rules(
    text: str,
    ctx: FileContext,
    rules: list[Rule],
    edits_for: Callable[[Rule, str], list[Edit]],
    merge: Callable[[list[Edit], str], list[Edit]] | None = None,
) -> str:
    """Run text-level rules in order: each computes span edits on the text the
    previous one left, and they are applied from the end backwards."""
    from triton_migrate.text import apply_edits

    for rule in rules:
        if not rule.may_apply(text):
            continue
        ctx.rule = rule
        ctx.set_current(text)
        edits = edits_for(rule, text)
        if edits:
            text = apply_edits(text, merge(edits, text) if merge else edits)
    ctx.rule = None
    return text


def run_report_rules(ctx: FileContext, rules: list[Rule], hook_name: str, subject: Any) -> None:
    """Call each rule's report-only hook ``hook_name(subject, ctx)``, if it has one."""
    for rule in rules:
        hook = getattr(rule.impl, hook_name, None)
        if hook is None:
            continue
        ctx.rule = rule
        hook(subject, ctx)
    ctx.rule = None


def basename(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def extension(path: str) -> str:
    return os.path.splitext(basename(path))[1].lower()


def shebang(head: bytes) -> bytes:
    if not head.startswith(b"#!"):
        return b""
    return head.split(b"\n", 1)[0]


@lru_cache(maxsize=1)
def all_carriers() -> tuple[Carrier, ...]:
    found: list[Carrier] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        carrier = getattr(module, "CARRIER", None)
        if isinstance(carrier, Carrier):
            found.append(carrier)
    found.sort(key=lambda c: (c.priority, c.name))
    return tuple(found)


def carrier_for(path: str, head: bytes = b"") -> Carrier | None:
    for carrier in all_carriers():
        if carrier.claims(path, head):
            return carrier
    return None


def get_carrier(name: str) -> Carrier:
    for carrier in all_carriers():
        if carrier.name == name:
            return carrier
    raise KeyError(name)
