"""Results read inside a V1 ``async_run`` callback that keeps its ``(ctx, request_id)`` signature.

V1 code often fetches the result in the callback itself::

    def callback(ctx, request_id):
        results = ctx.get_async_run_results(request_id, True)
        done.put(results["OUTPUT0"][0])

    ctx.async_run(callback, {"INPUT0": (a,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)

`inferasync` already converts the call (``request_id.get_result()``: the
callback is called as ``callback(client, request)`` by the ``async_infer``
helper written into the file; over gRPC on completion, over HTTP right after
sending, when ``get_result()`` then waits).  What it could not follow is the
*result*: the callback's context is a parameter, so which ``run()`` produced
it was unknown, and ``results["OUTPUT0"]`` stayed V1 (the whole context with
it).  This module answers that question before the rewrite: the callback's
result is the one of every ``async_run()`` in the file that passes this
callback (directly or as ``functools.partial``).  When all of them are
contexts the tool converts, with the same outputs (names and formats, raw or
classification) and the same batching (the model configuration, when a
repository is given), the result is followed as a local ``run()`` result is:
``results["OUTPUT0"][0]`` becomes ``results.as_numpy("OUTPUT0")[0]``.
Otherwise (different outputs, a shared-memory output, a callback also passed
where the tool cannot see it) nothing changes and the result use is reported,
keeping the context V1 as before.
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from triton_migrate.analysis.resolve import bind_arguments, literal_string, single_assignment
from triton_migrate.model_repository import find_model
from triton_migrate.v1client.client import ASYNC_RUN_PARAMS, Bound, Output, RunResult
from triton_migrate.v1client.modindex import ModuleIndex, index_of

#: ``InferContext.async_run``'s parameters, in order.
_SITES = "_asynccallback_sites"


def note_site(rewriter: Any, param: cst.Param, call: cst.Call, bound: Bound) -> None:
    """``call`` (an ``async_run``) passes a callback whose context parameter is ``param``."""
    rewriter.__dict__.setdefault(_SITES, {}).setdefault(param, []).append((call, bound))


def _callback_names(rewriter: Any, function: cst.FunctionDef) -> int:
    """How many times the callback's name is read in the file (each must be an async_run callback)."""
    count = 0
    for node in _index(rewriter).names.get(function.name.value, ()):
        if node is not function.name and single_assignment(rewriter, node) is function:
            count += 1
    return count


def planned_result(rewriter: Any, call: cst.Call, bound: Bound) -> Optional[RunResult]:
    """The result ``call`` (an ``async_run``) will give once converted, read before the rewrite; None
    when it cannot be told without converting it (an output read back from shared memory, a name
    that is not a literal)."""
    args = bind_arguments(call, ASYNC_RUN_PARAMS)
    if not args or not isinstance(args.get("outputs"), cst.Dict):
        return None
    model_name = bound.args.get("model_name")
    if model_name is None:
        return None
    name = rewriter.string_value(model_name)
    model = find_model(rewriter.ctx.settings.model_repositories, name) if name else None
    batching = model.batching if model else True
    batch = rewriter.code(args["batch_size"]) if "batch_size" in args else "1"
    outputs: dict[str, Output] = {}
    for element in args["outputs"].elements:  # type: ignore[union-attr]
        key = literal_string(element.key) if isinstance(element, cst.DictElement) else None
        if key is None:
            return None
        value = element.value
        fmt = rewriter.resolver.v1_name(value) or rewriter.aliases.format_of(value)
        if fmt == "InferContext.ResultFormat.RAW":
            outputs[key] = Output("raw")
        elif isinstance(value, cst.Tuple) and len(value.elements) == 2 \
                and rewriter.resolver.v1_name(value.elements[0].value) == "InferContext.ResultFormat.CLASS":
            outputs[key] = Output("class")
        else:
            return None
    return RunResult(outputs, batching, batch, model)


def callback_results(rewriter: Any, original: cst.Call) -> list[RunResult]:
    """The result every ``async_run`` passing this callback gives (one entry), or [] when they are not
    all known and alike (``original``: ``ctx.get_async_run_results(...)`` on the callback's parameter)."""
    func = original.func
    if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)):
        return []
    param = single_assignment(rewriter, func.value)
    sites = rewriter.__dict__.get(_SITES, {}).get(param)
    if not sites:
        return []
    function = _function_of(rewriter, param)
    if function is None or _callback_names(rewriter, function) != len(sites):
        return []  # the callback is also passed (or called) where the tool does not follow it
    results = []
    for call, bound in sites:
        result = planned_result(rewriter, call, bound)
        if result is None:
            return []
        results.append(result)
    first = results[0]
    if any((r.outputs, r.batching, r.model) != (first.outputs, first.batching, first.model) for r in results):
        return []
    return [first]


def callback_kept(rewriter: Any, call: cst.Call, param: cst.Param) -> bool:
    """Report ``call`` (``ctx.get_async_run_results(...)`` on ``param``) when ``param`` is the context of a V1
    callback that some ``async_run()`` of the file passes (the call stays V1 with it); False otherwise."""
    if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "get_async_run_results"):
        return False
    function = _function_of(rewriter, param)
    if function is None:
        return False
    for site in async_runs(rewriter):
        args = bind_arguments(site, ASYNC_RUN_PARAMS)  # type: ignore[arg-type]
        callback = args.get("callback") if args else None
        found, skip = rewriter.callback_function(callback) if callback is not None else (None, 0)
        params = list(found.params.params)[skip:] if found is function else []
        if params and params[0] is param:
            if isinstance(site.func, cst.Attribute) and rewriter.bound_of(site.func.value) is not None:
                return False  # that context converts: the callback is reported for what it does with ctx
            rewriter.report(call, f"`{rewriter.code(call)}` is in `{function.name.value}()`, a V1 async_run() callback; "
                                  "its context stays V1 (see the finding at its constructor), so this call stays "
                                  "V1 too.", severity="error", v1="InferContext.get_async_run_results",
                            replacement="once the context converts: def callback(client, request): "
                                        "result = request.get_result(); result.as_numpy(name)")
            return True
    return False


def _function_of(rewriter: Any, param: cst.Param) -> Optional[cst.FunctionDef]:
    for candidate in _index(rewriter).functions:
        if any(p is param for p in candidate.params.params):
            return candidate
    return None


def _index(rewriter: Any) -> ModuleIndex:
    return index_of(rewriter.module)


def async_runs(rewriter: Any) -> list[cst.Call]:
    """``m.findall(rewriter.module, m.Call(func=m.Attribute(attr=m.Name("async_run"))))``, from the module's index."""
    return _index(rewriter).async_runs


__all__ = ["async_runs", "callback_kept", "callback_results", "note_site", "planned_result"]
