"""Factories that return contexts of different models per branch, resolved call by call.

A V1 factory may build a different context in each branch::

    def make(url, protocol, kind):
        if kind == "int":
            return InferContext(url, protocol, "simple", -1)
        else:
            return InferContext(url, protocol, "simple_string", 1)

A V2 client carries no model, so the factory cannot return "the context" any
more: a caller's ``ctx.run(...)`` must name the model (and version) itself.
`escape` converts a factory whose returns all give the caller the same
settings; this module handles the factory whose returns differ, when every
call of it in the file picks its branch from literal arguments
(``make(url, protocol, "int")``): the branch conditions are evaluated with the
call's arguments, and the call site sees the one constructor that call
reaches, as if it were written there.  That is exactly what V1 did at run
time, so the migration is faithful; the factory itself returns the V2 client
of whichever branch runs.

A condition is evaluated only when it is made of the factory's parameters
(never assigned in its body) compared with literals: ``p == "a"``, ``p != 1``,
``p in ("a", "b")``, ``p is None``, ``p`` / ``not p``, and ``and`` / ``or`` of
those.  The statements on the way may be anything that does not return (a
``print``, an assignment to another name), but a loop, ``try`` or ``with``
holding a ``return``, a ``raise`` reached, or any other condition make the
call unresolved: then the factory stays V1 as a whole (every call, every use
reported), as before.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

import libcst as cst

_NOT_LITERAL = object()
_FALLS_THROUGH = object()
#: What a branch evaluation gives: a Return reached, _FALLS_THROUGH, or None (not decidable).
Outcome = Any


def _literal(node: cst.BaseExpression) -> Any:
    """The Python value of a literal node (str, int, bool, None), or _NOT_LITERAL."""
    if isinstance(node, cst.SimpleString):
        return node.evaluated_value
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) \
            and isinstance(node.expression, cst.Integer):
        return -int(node.expression.value, 0)
    if isinstance(node, cst.Name) and node.value in ("None", "True", "False"):
        return {"None": None, "True": True, "False": False}[node.value]
    return _NOT_LITERAL


class _Evaluator:
    def __init__(self, value_of: Callable[[cst.Name], Optional[cst.BaseExpression]]) -> None:
        self.value_of = value_of

    def value(self, node: cst.BaseExpression) -> Any:
        if isinstance(node, cst.Name) and node.value not in ("None", "True", "False"):
            given = self.value_of(node)
            return _NOT_LITERAL if given is None else _literal(given)
        if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
            items = [self.value(e.value) for e in node.elements if not isinstance(e, cst.StarredElement)]
            if len(items) != len(node.elements) or any(i is _NOT_LITERAL for i in items):
                return _NOT_LITERAL
            return tuple(items)
        return _literal(node)

    def test(self, node: cst.BaseExpression) -> Optional[bool]:
        """The truth of a branch condition at this call, or None when it cannot be told."""
        if node.lpar or getattr(node, "rpar", None):
            node = node.with_changes(lpar=(), rpar=())
        if isinstance(node, cst.BooleanOperation):  # the operands are pure comparisons: order does not matter
            both = (self.test(node.left), self.test(node.right))
            if isinstance(node.operator, cst.And):
                return False if False in both else None if None in both else True
            return True if True in both else None if None in both else False
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
            inner = self.test(node.expression)
            return None if inner is None else not inner
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
            left, right = self.value(node.left), self.value(node.comparisons[0].comparator)
            if left is _NOT_LITERAL or right is _NOT_LITERAL:
                return None
            op = node.comparisons[0].operator
            try:
                if isinstance(op, cst.Equal):
                    return bool(left == right)
                if isinstance(op, cst.NotEqual):
                    return bool(left != right)
                if isinstance(op, cst.Is):
                    return left is None and right is None if None in (left, right) else None
                if isinstance(op, cst.IsNot):
                    return not (left is None and right is None) if None in (left, right) else None
                if isinstance(op, (cst.In, cst.NotIn)) and isinstance(right, tuple):
                    return (left in right) == isinstance(op, cst.In)
            except TypeError:
                return None
            return None
        if isinstance(node, cst.Name):
            value = self.value(node)
            return None if value is _NOT_LITERAL else bool(value)
        return None

    def block(self, body: Any) -> Outcome:
        statements = body.body if isinstance(body, cst.IndentedBlock) else [body]
        for statement in statements:
            outcome = self.statement(statement)
            if outcome is not _FALLS_THROUGH:
                return outcome
        return _FALLS_THROUGH

    def statement(self, statement: cst.CSTNode) -> Outcome:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Return):
                    return small
                if isinstance(small, cst.Raise):
                    return None
            return _FALLS_THROUGH
        if isinstance(statement, cst.SimpleStatementSuite):
            return self.statement(cst.SimpleStatementLine(body=statement.body))
        if isinstance(statement, cst.If):
            truth = self.test(statement.test)
            if truth is None:
                return None
            if truth:
                return self.block(statement.body)
            orelse = statement.orelse
            if orelse is None:
                return _FALLS_THROUGH
            if isinstance(orelse, cst.If):
                return self.statement(orelse)
            return self.block(orelse.body)
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            return _FALLS_THROUGH
        return None if _holds_return(statement) else _FALLS_THROUGH


def _holds_return(node: cst.CSTNode) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (cst.Return, cst.Raise)):
            return True
        if isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef)) and current is not node:
            continue
        stack.extend(current.children)
    return False


def reached_return(function: cst.FunctionDef,
                   value_of: Callable[[cst.Name], Optional[cst.BaseExpression]]) -> Optional[cst.Return]:
    """The ``return`` a call of ``function`` reaches when its conditions are evaluated with the call's
    arguments (``value_of(name)``: the literal the call passes for a parameter read there, else None);
    None when that cannot be told (or the call raises, or falls off the end)."""
    outcome = _Evaluator(value_of).block(function.body)
    return outcome if isinstance(outcome, cst.Return) else None


def branch_constructor(rewriter: Any, call: cst.Call, function: cst.FunctionDef,
                       passed_literal: Callable[[cst.Name], Optional[cst.BaseExpression]]) -> Optional[cst.Call]:
    """The constructor ``call`` (a call of the factory ``function``) reaches, or None."""
    reached = reached_return(function, passed_literal)
    value = reached.value if reached is not None else None
    if isinstance(value, cst.Call) and rewriter.constructor(value):
        return value
    return None





def branch_bound(rewriter: Any, function: cst.FunctionDef, sites: Optional[list[cst.Call]],
                 bound_one: Callable[..., Any],
                 passed_literal: Callable[..., Optional[cst.BaseExpression]]) -> Optional[Callable[[cst.Call], Any]]:
    """When every call of ``function`` in the file (``sites``) reaches one constructor from its literal
    arguments (``passed_literal(rewriter, call, function, name)``) and that constructor's context is known
    at the call (``bound_one(rewriter, call, function, constructor)``), a function giving each call its
    Bound; else None (the factory stays V1 whole, each use reported)."""
    cache = rewriter.__dict__.setdefault("_factorybranch", {})
    if function not in cache:
        unresolved = rewriter.__dict__.setdefault("_factorybranch_unresolved", {})
        picked = {}
        for site in sites or ():
            constructor = branch_constructor(rewriter, site, function,
                                             lambda name, site=site: passed_literal(rewriter, site, function, name))
            if constructor is None:
                unresolved[function] = (site, "branch")
                break
            picked[site] = constructor
        bounds: Optional[dict[cst.Call, Any]] = {} if sites and function not in unresolved else None
        for site, constructor in picked.items() if bounds is not None else ():
            bound = bound_one(rewriter, site, function, constructor)
            if bound is None:
                unresolved[function] = (site, "context")
                bounds = None
                break
            bounds[site] = bound  # type: ignore[index]
        cache[function] = None if bounds is None else bounds.__getitem__
    return cache[function]


def unresolved_reason(rewriter: Any, function: cst.FunctionDef) -> str:
    """Why ``branch_bound`` gave no Bound for ``function``, for the finding on the factory."""
    site, why = rewriter.__dict__.get("_factorybranch_unresolved", {}).get(function, (None, ""))
    if site is None:
        return ", and it is not called in this file only by name"
    code = " ".join(rewriter.code(site).split())  # the call's code, not its line: a second run's lines move
    call = "`%s`" % (code if len(code) <= 60 else code[:57] + "...")
    if why == "context":
        return (f"; each call picks its branch from literal arguments, but the context its call {call} "
                "reaches is not one the tool converts there (a setting not known as a literal at the call, "
                "or a use of it with no V2 form)")
    return (f", and its call {call} does not pick one of them from literal arguments (each condition "
            "on the way must compare a parameter with a literal)")

__all__ = ["branch_bound", "unresolved_reason", "branch_constructor", "reached_return"]
