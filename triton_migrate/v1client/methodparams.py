"""A V1 `InferContext` passed to a method of the caller's class: ``self._test_helper(ctx, shape)``.

`inferparams` plans module-level functions.  Test classes keep their helper as a
method instead::

    def _test_helper(self, ctx, shape, input_name="INPUT0", output_name="OUTPUT0"):
        results = ctx.run({input_name: (a,)}, {output_name: InferContext.ResultFormat.RAW}, 1)

    def test_graphdef(self):
        for protocol, url in self.protocols_:
            ctx = InferContext(url, protocol, model_name, None, True)
            self._test_helper(ctx, shape)

The same plan holds for such a method when every reference to it in the file is a
``self.<method>(...)`` call from a method of its own class (`escape.call_sites`:
no other object, no class of the file deriving from or shadowing it, no
decorator), each passing a context built in the calling scope (`root_bound`), and
its context parameter is used only for ``run()`` / ``close()``.  The settings
that differ between the contexts (client module, model name, version, sequence
id) become keyword-only parameters of the method and every call passes them, as
for a function; anything unproven leaves the method and its contexts V1, each
use reported.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from triton_migrate.v1client.escape import call_sites, method_class, self_name
from triton_migrate.v1client.inferparams import InferRewriter, ParamPlan, call_bounds, decide, only_runs


def plan_methods(rewriter: InferRewriter, planned: dict[cst.Param, ParamPlan]) -> dict[cst.Param, ParamPlan]:
    """Plans for the context parameters of methods (``planned``: the plans made so far, left as they are)."""
    done = {p.function for p in planned.values()}
    plans: dict[cst.Param, ParamPlan] = {}
    for function in rewriter.functions:
        if function in done or function.decorators or function.name.value.startswith("__") \
                or method_class(rewriter, function) is None:  # type: ignore[arg-type]
            continue
        me = self_name(function)
        params = [*function.params.posonly_params, *function.params.params]
        if me is None or not params or params[0].name.value != me:
            continue
        names = tuple(p.name.value for p in (*params[1:], *function.params.kwonly_params))
        for param in (*params[1:], *function.params.kwonly_params):
            found = _plan_one(rewriter, function, param, names)
            if found is not None:
                plans[param] = found
                break  # one context parameter per method
    return plans


def _plan_one(rewriter: InferRewriter, function: cst.FunctionDef, param: cst.Param,
              names: tuple[str, ...]) -> Optional[ParamPlan]:
    if param.star or not only_runs(rewriter, param):
        return None
    sites = call_sites(rewriter, function)  # type: ignore[arg-type]
    found = call_bounds(rewriter, sites, names, param) if sites else None
    return decide(rewriter, function, param, found) if found else None
