"""Tensor names held in a helper's parameters: ``ctx.run({input_name: (a,)}, {output_name: RAW}, 1)``.

V1 helpers often take the tensor names as parameters (``def check(self, ctx,
shape, input_name="INPUT0", output_name="OUTPUT0")``), so that one body serves
models whose tensors are named differently.  V2 builds ``InferInput(name, ...)``
and reads ``result.as_numpy(name)`` with any expression, so such a name converts
as well as a literal, provided it means the same at the ``run()`` and at every
read of the result: it must be a parameter of the function that holds the
``run()``, never assigned in it, or a local name assigned once in that
function from string literals, possibly chosen by a test that reads only such
parameters (``INPUT = "INPUT__0" if trial.startswith("libtorch") else
"INPUT"``): every read after that assignment sees the same name.  A ``run()``
whose names come from anywhere else still fails with "not a literal string".

A name is kept in the converted run's records (`client.Output` keys) as the
parameter's name behind a prefix no literal tensor name has, so that
``results[output_name]`` matches it exactly and never a literal ``"output_name"``.
Its datatype and shape come from the array at run time (``np_to_triton_dtype``),
never from a model configuration (the tool cannot tell which tensor it names).
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst
from libcst.metadata import ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import literal_string, single_assignment

#: Prefix of a key that stands for a parameter holding the tensor name (a NUL: no literal name has one).
PREFIX = "\x00"


def tensor_key(rewriter: Any, node: Optional[cst.BaseExpression]) -> Optional[str]:
    """The key of a tensor named by ``node``: its literal name, or PREFIX + the parameter's name when
    ``node`` is a parameter of its function that is never assigned there; None otherwise."""
    if node is None:
        return None
    text = literal_string(node)
    if text is not None:
        return text
    if not isinstance(node, cst.Name):
        return None
    target = single_assignment(rewriter, node)
    scope = rewriter.get_metadata(ScopeProvider, node, None)
    if not _assigned_once(scope, node):
        return None  # assigned in the body too: it may name another tensor at the read
    if isinstance(target, cst.Name):
        return PREFIX + node.value if _local_name(rewriter, target, scope) else None
    if not isinstance(target, cst.Param) or target.star:
        return None
    parameters = rewriter.get_metadata(ParentNodeProvider, target, None)
    function = rewriter.get_metadata(ParentNodeProvider, parameters, None) if parameters is not None else None
    if not isinstance(function, cst.FunctionDef):
        return None
    return PREFIX + node.value


def _assigned_once(scope: Any, node: cst.Name) -> bool:
    try:
        return scope is not None and len(scope[node.value]) == 1
    except Exception:  # noqa: BLE001 - libcst raises on odd scopes
        return False


def _local_name(rewriter: Any, target: cst.Name, scope: Any) -> bool:
    """``target`` is the whole target of a plain ``NAME = value`` in a function, whose value
    is a string literal or a conditional between such values on a test that reads only
    parameters never assigned in the function (the same name at every read)."""
    assign = rewriter.get_metadata(ParentNodeProvider, target, None)
    assign = rewriter.get_metadata(ParentNodeProvider, assign, None) if isinstance(assign, cst.AssignTarget) else None
    if not isinstance(assign, cst.Assign) or len(assign.targets) != 1 or \
            not isinstance(scope, cst.metadata.FunctionScope):
        return False

    def constant(value: cst.BaseExpression) -> bool:
        if literal_string(value) is not None:
            return True
        return isinstance(value, cst.IfExp) and constant(value.body) and constant(value.orelse) \
            and _reads_parameters(value.test, scope)

    return constant(assign.value)


def _reads_parameters(test: cst.BaseExpression, scope: Any) -> bool:
    """Every name ``test`` reads (not attributes) is a parameter of the function, never assigned in it."""
    class Reads(cst.CSTVisitor):
        names: list[str] = []

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Name(self, node: cst.Name) -> None:
            self.names.append(node.value)

    reads = Reads()
    reads.names = []
    test.visit(reads)
    for name in reads.names:
        try:
            assignments = list(scope[name])
        except Exception:  # noqa: BLE001
            return False
        if len(assignments) != 1 or not isinstance(assignments[0].node, cst.Param):
            return False
    return bool(reads.names)


def is_variable(key: str) -> bool:
    return key.startswith(PREFIX)


def key_code(key: str) -> str:
    """Code for the tensor name in V2 calls: the literal, or the parameter that holds it."""
    return key[len(PREFIX):] if is_variable(key) else repr(key)


def same_param(rewriter: Any, one: cst.Call, other: cst.Call) -> bool:
    """Both calls (``ctx.run(...)``) are made on the same parameter of a helper, never assigned in it:
    one context, whichever the caller passed (``results`` assigned by two runs of it)."""
    receivers = [c.func.value for c in (one, other) if isinstance(c.func, cst.Attribute)]
    if len(receivers) != 2 or not all(isinstance(r, cst.Name) for r in receivers):
        return False
    targets = [single_assignment(rewriter, r) for r in receivers]  # type: ignore[arg-type]
    return isinstance(targets[0], cst.Param) and targets[0] is targets[1] and \
        tensor_key(rewriter, receivers[0]) is not None
