"""A context without a model handed to a function of the same file (``def server_up(health): health.is_live()``).

A ``ServerHealthContext``, ``ModelControlContext`` or ``SharedMemoryControlContext`` carries no model: a V2
client does the same work.  A parameter of a module-level function (not a method) holds such a context when
every call of the function in the file passes, for it, a context of one of these classes that this rule
converts (a name assigned once from the constructor, or the constructor itself), built without
``http_headers`` (each V2 call takes them), and the function uses the parameter only for calls of methods
the class converts.  Then the function's calls are converted with the contexts (`client.bound_of`); the
verifier follows the client into the function and rolls everything back when a caller's context stays V1.
A helper called from other files is `crossparams`' (run-wide decision); one called from this file too is
decided here only when no other file calls it (the run's index names none).
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst
from libcst.metadata import ParentNodeProvider

from triton_migrate.analysis.resolve import assignments_of
from triton_migrate.data.v1_client_api import CONTEXTS, SEMANTIC_METHODS, Rename
from triton_migrate.v1client.escape import argument, call_sites, function_of_param

MODELLESS = ("ServerHealthContext", "ModelControlContext", "SharedMemoryControlContext")
_BUSY = "_localparams_busy"


def param_class(rw: Any, param: cst.Param) -> Optional[str]:
    """The class of the contexts every call of the file passes for ``param``, when the function converts with
    them (see the module docstring), else None."""
    cache = rw.__dict__.setdefault("_localparams", {})
    if param in cache:
        return cache[param]  # type: ignore[no-any-return]
    busy = rw.__dict__.setdefault(_BUSY, set())
    if param in busy:
        return None  # a function passing its own parameter back to itself
    busy.add(param)
    try:
        cache[param] = _decide(rw, param)
    finally:
        busy.discard(param)
    return cache[param]  # type: ignore[no-any-return]


def _decide(rw: Any, param: cst.Param) -> Optional[str]:
    function = function_of_param(rw, param)
    if function is None or param.star or param.default is not None or \
            not isinstance(rw.get_metadata(ParentNodeProvider, function, None), cst.Module):
        return None  # module-level functions only, every call passing the parameter
    from triton_migrate.crossfile import view_of

    view = view_of(getattr(getattr(rw, "ctx", None), "settings", None))
    if view is not None and function.name.value in view.called_elsewhere:
        return None  # other files of the run hand it V1 contexts: the run-wide decision (crossparams) is its
    calls = call_sites(rw, function)
    if not calls:
        return None
    classes = set()
    for call in calls:
        value = argument(rw, call, function, param)
        if not isinstance(value, (cst.Name, cst.Call)):
            return None
        bound = rw.bound_of(value)
        if bound is None or bound.cls not in MODELLESS or bound.args.get("http_headers") is not None \
                or bound.extra:
            return None
        classes.add(bound.cls)
    if len(classes) != 1:
        return None
    cls = classes.pop()
    allowed = {m for m, e in CONTEXTS[cls].methods.items() if isinstance(e, Rename)} | set(SEMANTIC_METHODS.get(cls, ()))
    found = assignments_of(rw, function.body, param.name.value)
    if found is None or len(found) != 1 or found[0].node is not param:
        return None  # assigned in the body too
    for reference in found[0].references:
        attribute = rw.get_metadata(ParentNodeProvider, reference.node, None)
        call = rw.get_metadata(ParentNodeProvider, attribute, None) if attribute is not None else None
        if not (isinstance(attribute, cst.Attribute) and attribute.value is reference.node
                and isinstance(call, cst.Call) and call.func is attribute and attribute.attr.value in allowed):
            return None
    return cls


__all__ = ["MODELLESS", "param_class"]
