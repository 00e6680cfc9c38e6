"""Containers of contexts for the context rules that are plain `client.ContextRewriter` subclasses.

`InferRewriter` (and `SharedMemoryControlContext`'s rule, its subclass) plans its
containers itself; the health and model-control rules mix `HeldMixin` in, so that a
list, dict or queue of their contexts converts whole or not at all (see `selfheld`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

from triton_migrate.v1client.containers import Containers

if TYPE_CHECKING:
    from triton_migrate.v1client.client import Bound


class HeldMixin:
    """Containers of health / model-control contexts for a plain `client.ContextRewriter` rule
    (`InferRewriter` and its subclasses plan theirs in `visit_Module`)."""

    held: Optional[Containers] = None

    def visit_Module(self, node: cst.Module) -> None:
        self.held = Containers(self, node)  # type: ignore[arg-type]

    def bound_of(self, receiver: cst.BaseExpression) -> Optional[Bound]:
        bound = super().bound_of(receiver)  # type: ignore[misc]
        if bound is not None and self.held is not None and bound.call in self.held.blocked:
            return None
        if bound is None and self.held is not None:
            bound = self.held.bound_of(receiver)
        return bound

    def convert_constructor(self, call: cst.Call, bound: Bound) -> cst.BaseExpression:
        if self.held is not None and call in self.held.blocked:
            report_blocked(self, call, bound.cls)
            return call
        return super().convert_constructor(call, bound)  # type: ignore[misc]


def report_blocked(rewriter: Any, call: cst.Call, cls: str, note: str = "",
                   replacement: str = "a container of V2 clients read by iteration, a literal key or get(), each "
                                      "element used only for methods V2 has") -> None:
    """The error on a context kept in a container that stays V1 (``note``: a sentence added to the reason)."""
    where, why = rewriter.held.why.get(call, ("a container", "not every use of it can be followed"))
    rewriter.report(call, f"`{cls}` kept in `{where}` is not converted, nor any context of it: {why}.{note}",
                    severity="error", v1=cls, replacement=replacement)
