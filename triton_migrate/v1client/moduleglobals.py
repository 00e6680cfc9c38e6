"""A V1 `InferContext` held in a module-level name and used by the module's functions.

``INFER_CTX = InferContext(...)`` at module level is an ordinary single
assignment.  The shape this module adds is the global set up by a function::

    CTX = None

    def init(url):
        global CTX
        CTX = InferContext(url, ProtocolType.HTTP, "simple")

    def work(data):
        return CTX.run(...)

``CTX`` then has several assignments (``None`` placeholders and one
constructor), so the name is read as that one context when every other
assignment is ``None`` and the settings a request copies from it (protocol,
model name, version, correlation id, headers) read no name local to the
function that builds it (a request in another function could not see it).
Otherwise nothing is planned: ``CTX.run()`` is left to the verifier, which
follows ``global`` names across the module's functions and rolls the
constructor back, so every use is reported.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
from libcst.metadata import GlobalScope, ScopeProvider

from triton_migrate.v1client.client import Bound
from triton_migrate.v1client.inferparams import read_names

if TYPE_CHECKING:
    from triton_migrate.v1client.inferparams import InferRewriter

#: What a request copies from the context (must be visible where the request is).
SETTINGS = ("protocol", "model_name", "model_version", "correlation_id", "streaming", "http_headers")


def _is_none(node: Optional[cst.CSTNode]) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def global_bound(rewriter: InferRewriter, receiver: cst.Name) -> Optional[Bound]:
    """The context a module-level name provably holds whenever it is not None, else None."""
    scope = rewriter.get_metadata(ScopeProvider, receiver, None)
    if scope is None:
        return None
    try:
        assignments = list(scope[receiver.value])
    except Exception:  # noqa: BLE001 - libcst raises on odd scopes
        return None
    if len(assignments) < 2 or not all(isinstance(a.scope, GlobalScope) for a in assignments):
        return None
    values = getattr(rewriter, "values", {})
    ctor: Optional[cst.Call] = None
    for assignment in assignments:
        value = values.get(assignment.node) if isinstance(assignment.node, cst.Name) else None
        if _is_none(value):
            continue
        if ctor is not None or not isinstance(value, cst.Call):
            return None
        ctor = value
    if ctor is None:
        return None
    bound = rewriter.bound_of_call(ctor)  # type: ignore[attr-defined]
    if bound is None or bound.cls != "InferContext":
        return None
    inner = rewriter.get_metadata(ScopeProvider, ctor, None)
    if inner is None or isinstance(inner, GlobalScope):
        return bound
    if not isinstance(bound.args["protocol"], (cst.Name, cst.Attribute)):
        return None  # an inline ProtocolType.from_str(...) would be hoisted into the building function
    for setting in SETTINGS:
        value = bound.args.get(setting)
        for node in read_names(value) if value is not None else ():
            try:
                if any(a.scope is inner for a in inner[node.value]):
                    return None  # a parameter or local of the function that builds it
            except Exception:  # noqa: BLE001
                return None
    return bound

