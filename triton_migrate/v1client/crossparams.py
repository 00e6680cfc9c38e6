"""Context parameters of a helper that callers in other modules fill with a V2 client.

The run-wide first pass (`triton_migrate.crossfile`) decides that a top-level
function's parameter, which callers in other modules of the run fill with a V1
context of a class that carries no model (`crossfile.MODELLESS`: health,
model control, shared-memory control), converts together with those callers:
each caller's context becomes a V2 ``InferenceServerClient`` as usual, and
here, in the helper's file, every method call on the parameter converts as it
would on that class's own variable (`FileView.context_params`).  The context
rules see the parameter as bound to a context of that class with no settings
(no protocol, no headers: the decision requires contexts built without
headers, and these classes' calls take nothing else from the context).

The helper's uses and its callers are compared again on the migrated texts
(`RunIndex.check`): one side that stays V1 turns the decision to "stays V1"
and both files are migrated again.
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from triton_migrate import crossfile


def param_class(rewriter: Any, param: cst.Param) -> Optional[str]:
    """The V1 class of the context ``param`` holds when the run-wide decision converts it, else None."""
    view = crossfile.view_of(rewriter.ctx.settings)
    if view is None or not view.context_params:
        return None
    parameters = rewriter.get_metadata(cst.metadata.ParentNodeProvider, param, None)
    function = rewriter.get_metadata(cst.metadata.ParentNodeProvider, parameters, None) \
        if parameters is not None else None
    if not isinstance(function, cst.FunctionDef) or \
            not isinstance(rewriter.get_metadata(cst.metadata.ParentNodeProvider, function, None), cst.Module):
        return None  # top-level functions only, as the first pass indexes them
    return view.context_params.get(function.name.value, {}).get(param.name.value)
