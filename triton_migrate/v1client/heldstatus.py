"""``get_server_status()`` called on a context taken out of a container.

`containers` / `selfheld` plan lists, dicts and queues of `ServerStatusContext`
(local or kept on ``self``), and an element read with a literal index or key may
be used for ``get_server_status()``.  `v1_status` plans a status assigned to a
name (``status = ctx.get_server_status()``) use by use; this module lets it plan
the same assignment when the receiver is such an element read in place::

    ctxs = [ServerStatusContext(url, protocol, "simple")]
    status = ctxs[0].get_server_status()            # -> the V2 calls, on ctxs[0]
    status = self.ctxs["main"].get_server_status()  # a dict kept on self

The V2 calls are made on the same receiver (``ctxs[0]`` is then a V2 client),
at the same point.  The element's settings are the container's (they agree
among its elements, and are literals when the container is kept on ``self``);
the model name the context was built with (a filter of the V1 status) must be a
literal here, since the V2 calls are made far from the constructor.  Anything
else keeps the whole container V1, each use reported (the verifier).
"""
from __future__ import annotations

from typing import Any

import libcst as cst

from triton_migrate.analysis.resolve import literal_string


def held_element(rewriter: Any, receiver: cst.BaseExpression) -> bool:
    """``receiver`` (``xs[0]``, ``self.d["k"]``, ``q.get()``) is an element of a planned container of
    contexts whose V2 form is known, read in place, and its model filter (if any) is a literal."""
    held = getattr(rewriter, "held", None)
    if held is None or isinstance(receiver, cst.Name):
        return False
    if not isinstance(receiver, cst.Subscript):
        return False
    bound = held.bound_of(receiver)
    if bound is None:
        return False
    model = bound.args.get("model_name")
    return model is None or (isinstance(model, cst.Name) and model.value == "None") \
        or literal_string(model) is not None


__all__ = ["held_element"]
