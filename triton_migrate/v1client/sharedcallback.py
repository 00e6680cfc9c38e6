"""A V1 ``(ctx, request_id)`` callback passed by contexts that convert and by contexts that stay V1.

`inferasync` converts ``ctx.async_run(callback, ...)`` into the generated
``async_infer(client, callback, ...)``, which calls ``callback(client,
request)``; a V1 context that stays calls the same function as
``callback(ctx, request_id)``.  One function then receives two kinds of
context and of request id: whatever it does with them (fetch the result, keep
the id in a queue another function collects from) holds for one kind only.
The callback is one object: when any ``async_run()`` passing it stays V1, every
context passing it stays V1 too (each use reported, the constructor's finding
naming the callback and the V1 call), so the callback keeps its V1 meaning.

The decision is taken on the output of a migration round (the verifier's
object model: V2 clients whose ``async_infer()`` hands them to the callback,
V1 contexts whose ``async_run()`` passes it) and carried to the next round by
freezing those clients' constructors, as the verifier does for a client used
in a V1 way.
"""
from __future__ import annotations

import ast
from typing import Optional, Union

from triton_migrate.analysis import astcache
from triton_migrate.analysis import verify
from triton_migrate.text import LineMap

Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]


def _callback(model: verify.Model, call: ast.Call) -> Optional[Function]:
    """The function of the file an ``async_run()`` call passes as its callback (or ``partial`` of)."""
    value = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "callback"), None)
    if isinstance(value, ast.Call) and value.args and (
            (isinstance(value.func, ast.Name) and value.func.id == "partial")
            or (isinstance(value.func, ast.Attribute) and value.func.attr == "partial")):
        value = value.args[0]  # functools.partial(callback, ...)
    if not isinstance(value, ast.Name):
        return None
    candidates = model.functions.get(value.id, [])
    return candidates[0] if len(candidates) == 1 else None


def _v1_senders(model: verify.Model, objects: list[verify.V2Object]) -> dict[Function, list[str]]:
    """Callback function -> the ``ctx.async_run()`` uses of V1 contexts that pass it."""
    found: dict[Function, list[str]] = {}
    for obj in objects:
        if obj.kind != "v1":
            continue
        for use in obj.uses:
            call = model.parent.get(use.node)
            if use.method == "async_run" and isinstance(call, ast.Call) and call.func is use.node:
                function = _callback(model, call)
                if function is not None:
                    if f"`{use.what}`" not in found.get(function, []):
                        found.setdefault(function, []).append(f"`{use.what}`")
    return found


def hold(original: str, output: str, frozen: dict) -> bool:  # type: ignore[type-arg]
    """Freeze the V2 clients of ``output`` whose callback a V1 context that stays also receives; True when
    one was frozen (migrate again)."""
    if "async_run" not in output or "async_infer" not in output:
        return False
    try:
        model = verify.Model(astcache.parse(output))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    objects = verify.objects(model)
    senders = _v1_senders(model, objects)
    if not senders:
        return False
    mapping = LineMap(original, output)
    old_lines, new_lines = original.splitlines(), output.splitlines()
    more = False
    for obj in objects:
        if obj.kind != "v2":
            continue
        shared = [f for f in senders if any(h[0] == "name" and h[1] is f for h in obj.holders)]
        if not shared:
            continue
        target = verify.constructor_line(mapping, old_lines, new_lines, obj.line)
        if target is None or target in frozen:
            continue
        function = shared[0]
        frozen[target] = (f"its async_run() callback `{function.name}()` is also passed by "
                          f"{', '.join(senders[function])} on a V1 context that stays, and one callback takes one "
                          "kind of context and request id")
        more = True
    return more


__all__ = ["hold"]
