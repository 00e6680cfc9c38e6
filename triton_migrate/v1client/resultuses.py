"""What the code does with the result of ``ctx.run()``: V1 gave a dict, V2 gives an ``InferResult``.

V1's ``run()`` returned ``{output name: [value per batch item]}``; V2's
``infer()`` returns an ``InferResult`` that is neither subscriptable, sized,
iterable nor a container.  ``result['NAME']`` is converted by the infer rule
(``result.as_numpy('NAME')``); this module covers the other dict uses real
code makes of it, so that a converted ``run()`` never leaves a use behind:

* ``len(result)``: V1's dict held exactly the requested outputs, so this is
  their number (a literal);
* ``name in result`` / ``not in``: ``result.get_output(name) is not None``
  (``is None``), which both V2 protocols answer from the response's outputs;
* ``print(result)`` (raw outputs only): V1's dict rebuilt for printing,
  ``{'OUT': list(result.as_numpy('OUT'))}`` (``[result.as_numpy('OUT')]`` for
  a model without batching).

Any other use of the name the result was assigned to (iterating, ``.items()``,
returning it, passing it to a function, a key that is not a literal output
name), or a result that goes anywhere but a name, makes the ``run()`` fail:
it stays V1 with its context, each use reported.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
from libcst.metadata import Assignment, ParentNodeProvider, ScopeProvider

from triton_migrate.v1client.tensornames import key_code, same_param, tensor_key
from triton_migrate.analysis.resolve import bind_arguments, literal_string, single_assignment
from triton_migrate.v1client.client import RUN_PARAMS

if TYPE_CHECKING:
    from triton_migrate.v1client.client import Output, RunResult


def _result_binding(rw, call: cst.Call) -> tuple[Optional[cst.Name], Optional[str]]:  # type: ignore[no-untyped-def]
    """(the name ``call``'s result is assigned to, or None; why it cannot be followed, or None)."""
    parent = rw.get_metadata(ParentNodeProvider, call, None)
    if isinstance(parent, cst.Expr):
        return None, None  # the result is dropped
    if isinstance(parent, cst.Subscript) and parent.value is call:
        return None, None  # ``ctx.run(...)['NAME']``: converted by the infer rule
    if isinstance(parent, cst.Assign) and parent.value is call and len(parent.targets) == 1 \
            and isinstance(parent.targets[0].target, cst.Name):
        return parent.targets[0].target, None
    return None, "its V1 result dict goes where the tool cannot follow it (V2 returns an InferResult)"


def _printed(call: object, arg: cst.Arg) -> bool:
    """``arg`` is a positional argument of ``print(...)``."""
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "print" \
        and arg.keyword is None and not arg.star


def _output_names(rw, target: cst.CSTNode, bound_call: cst.Call, run: cst.Call) -> Optional[set[str]]:  # type: ignore[no-untyped-def]
    """The literal output names of the ``run()`` of the same context assigned to ``target``, if it is one."""
    value = rw.values.get(target) if isinstance(target, cst.Name) else None
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "run"):
        return None
    bound = rw.bound_of(value.func.value)
    args = bind_arguments(value, RUN_PARAMS)
    same = value is run or (bound is not None and bound.call is bound_call) or same_param(rw, value, run)
    if not same or args is None or not isinstance(args.get("outputs"), cst.Dict):
        return None
    names = {tensor_key(rw, e.key) for e in args["outputs"].elements if isinstance(e, cst.DictElement)}
    return None if None in names else names  # type: ignore[return-value]


def _use_problem(rw, access: cst.Name, outputs: dict[str, Output], bound_call: cst.Call,  # type: ignore[no-untyped-def]
                 run: cst.Call) -> Optional[str]:
    source = single_assignment(rw, access)
    if source is None:
        return f"`{access.value}` is read where it may hold something else than a converted result"
    value = rw.values.get(source) if isinstance(source, cst.Name) else None
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "run"):
        return None  # the name holds another value here (read as straight-line code, like the verifier)
    seen = _output_names(rw, source, bound_call, run)
    if seen is None:
        other = rw.bound_of(value.func.value)
        if other is not None and other.call is not bound_call:
            return None  # the result of another context's run(): checked when that one converts
        return f"`{access.value}` is read where it may hold something else than a converted result"
    outputs = {k: v for k, v in outputs.items() if k in seen}
    parent = rw.get_metadata(ParentNodeProvider, access, None)
    if isinstance(parent, cst.Subscript) and parent.value is access:
        index = parent.slice[0].slice if len(parent.slice) == 1 else None
        key = tensor_key(rw, index.value) if isinstance(index, cst.Index) else None
        if key in outputs:
            return None
        return f"`{rw.code(parent)}` reads it with a key that is not a requested output's literal name"
    if isinstance(parent, cst.Arg):
        call = rw.get_metadata(ParentNodeProvider, parent, None)
        if isinstance(call, cst.Call) and len(call.args) == 1 and isinstance(call.func, cst.Name) \
                and call.func.value == "len" and parent.keyword is None and not parent.star:
            return None
        if _printed(call, parent) and all(o.kind == "raw" for o in outputs.values()) and set(outputs) == seen:
            return None
    if isinstance(parent, cst.ComparisonTarget) and parent.comparator is access \
            and isinstance(parent.operator, (cst.In, cst.NotIn)):
        comparison = rw.get_metadata(ParentNodeProvider, parent, None)
        if isinstance(comparison, cst.Comparison) and len(comparison.comparisons) == 1:
            return None
    shown = rw.code(parent) if isinstance(parent, cst.CSTNode) and not isinstance(
        parent, (cst.BaseStatement, cst.BaseSmallStatement, cst.IndentedBlock)) else rw.code(access)
    return f"its result is used as a V1 dict here (`{shown.strip()[:80]}`), which V2's InferResult is not"


def result_uses_problem(rw, call: cst.Call, outputs: dict[str, Output],  # type: ignore[no-untyped-def]
                        bound_call: cst.Call) -> Optional[str]:  # type: ignore[no-untyped-def]
    """Why a converted ``run()``'s result would break where it is used, or None when every use converts."""
    target, why = _result_binding(rw, call)
    if why or target is None:
        return why
    scope = rw.get_metadata(ScopeProvider, target, None)
    if scope is None:
        return "the uses of its result cannot be found"
    try:
        assignments = [a for a in scope.assignments[target.value] if isinstance(a, Assignment)]
    except Exception:  # noqa: BLE001 - libcst raises on odd scopes
        return "the uses of its result cannot be found"
    mine = [a for a in assignments if a.node is target]
    if not mine:
        return "the uses of its result cannot be found"
    for access in mine[0].references:
        # the same name may hold other values too (assigned again): every read must be a converted use
        if isinstance(access.node, cst.Name):
            problem = _use_problem(rw, access.node, outputs, bound_call, call)
            if problem:
                return problem
    return None


class ResultUsesMixin:
    """``len(result)`` and ``name in result`` of a converted ``run()`` (mixed into the infer rewriter)."""

    def convert_len(self, original: cst.Call) -> Optional[cst.BaseExpression]:
        if not (isinstance(original.func, cst.Name) and original.func.value == "len" and len(original.args) == 1):
            return None
        result: Optional[RunResult] = self.run_result(original.args[0].value)  # type: ignore[attr-defined]
        if result is None or original.args[0].keyword is not None or original.args[0].star:
            return None
        count = str(len(result.outputs))
        if not self.report(original, "V1's result dict held exactly the requested outputs; V2's InferResult has "  # type: ignore[attr-defined]
                                     f"no len(): their number, {count}.", applied=True, v1="len(result)",
                           replacement=count):
            return None
        return cst.Integer(count)

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        """``print(result)``: V1 printed its dict; the same dict is rebuilt from the V2 result."""
        call = self.get_metadata(ParentNodeProvider, original, None)  # type: ignore[attr-defined]
        if not _printed(call, original) or not isinstance(original.value, cst.Name):
            return updated
        result: Optional[RunResult] = self.run_result(original.value)  # type: ignore[attr-defined]
        if result is None or not result.outputs or any(o.kind != "raw" for o in result.outputs.values()):
            return updated
        name = original.value.value
        each = "list({r}.as_numpy({k}))" if result.batching else "[{r}.as_numpy({k})]"
        text = "{" + ", ".join(f"{key_code(k)}: " + each.format(r=name, k=key_code(k)) for k in result.outputs) + "}"
        if not self.report(original, "V1's run() returned a dict of per-item lists, and printing the V2 InferResult "  # type: ignore[attr-defined]
                                     "would show something else: the same dict is rebuilt for print().",
                           applied=True, v1="print(result)", replacement=text):
            return updated
        return updated.with_changes(value=cst.parse_expression(text))

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison) -> cst.BaseExpression:
        if len(original.comparisons) != 1:
            return updated
        target = original.comparisons[0]
        if not isinstance(target.operator, (cst.In, cst.NotIn)):
            return updated
        result: Optional[RunResult] = self.run_result(target.comparator)  # type: ignore[attr-defined]
        if result is None:
            return updated
        code = self.code  # type: ignore[attr-defined]
        test = "is None" if isinstance(target.operator, cst.NotIn) else "is not None"
        text = f"{code(updated.comparisons[0].comparator)}.get_output({code(updated.left)}) {test}"
        if not self.report(original, "V2's InferResult is not a container: an output is in it when "  # type: ignore[attr-defined]
                                     "`get_output(name)` finds it.", applied=True, v1="name in result",
                           replacement=text):
            return updated
        new = cst.parse_expression(text)
        return new.with_changes(lpar=original.lpar, rpar=original.rpar) if original.lpar else new
