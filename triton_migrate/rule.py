"""What one rule declares: :class:`Rule` (id, summary, carriers, fix kind, needles).

A leaf of the import graph, so that carriers can name the type.  The registry
of all rules (discovery, look-up, the hook check) is ``triton_migrate.rules``,
which re-exports ``Rule``.
"""
from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field
from types import ModuleType
from typing import Literal

Fix = Literal["safe", "review", "report-only"]
FIX_KINDS: tuple[Fix, ...] = ("safe", "review", "report-only")

# A rule's ``carriers`` name discovered carriers (``Carrier.name``), or "*" for
# every carrier (engine-level rules); ``triton_migrate.rules.all_rules()``
# checks the names and the hooks.
EVERY_CARRIER = "*"


@dataclass(frozen=True)
class Rule:
    """Metadata a rule declares once.

    ``needles`` is the cheap byte search: the rule can only fire in a file that
    contains one of them, so files without any are never parsed for it.
    ``order`` sorts rules that share a carrier (lower runs first).
    """

    module_name: str
    summary: str
    carriers: tuple[str, ...]
    fix: Fix
    needles: tuple[bytes, ...] = ()
    order: int = 100
    doc: str = ""
    id: str = field(init=False)
    # The needles as text, decoded once (may_apply is called on str and bytes).
    _text_needles: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", self.module_name.rsplit(".", 1)[-1])
        object.__setattr__(self, "_text_needles", tuple(n.decode() for n in self.needles))
        if self.fix not in FIX_KINDS:
            raise ValueError(f"rule {self.id}: fix must be one of {FIX_KINDS}")
        if not self.doc:
            module = importlib.import_module(self.module_name) if self.module_name != "__main__" else None
            object.__setattr__(self, "doc", inspect.cleandoc((module.__doc__ or "") if module else ""))

    @property
    def impl(self) -> ModuleType:
        """The module holding the rule's hooks."""
        return importlib.import_module(self.module_name)

    def may_apply(self, data: bytes | str) -> bool:
        if not self.needles:
            return True
        if isinstance(data, str):
            return any(n in data for n in self._text_needles)
        return any(n in data for n in self.needles)
