"""Can a block of (migrated) code raise the V1 ``InferenceServerException``?

In a file that keeps some V1 objects, ``v1_exceptions`` makes
``except InferenceServerException`` (the V1 class) catch the V2 class too. A
``try`` whose body can only raise the V2 class needs the V2 class alone: V1
errors come from calls into the V1 client (a V1 context, a V1 module's
function, or code of the project that may hold one), and from nothing else.
This module answers, for the calls of a ``try`` body, whether each is one that
cannot run V1 client code:

* ``self.assert*(...)`` / ``self.fail(...)`` (unittest's checks, when the module defines no
  method of that name);
* a builtin (``len``, ``str``, ``next`` ...) that the module does not rebind;
* ``m.f(...)`` where ``m`` is bound by an import of the standard library, of
  ``tritonclient``, ``google.protobuf``, ``numpy`` or ``requests``;
* a method of a name that every assignment of its function makes a V2 client
  (``c = <module>.InferenceServerClient(...)``), or ``<module>.InferenceServerClient(...)``
  / ``<module>.InferenceServerException(...)`` themselves;
* a method of plain data (``get``, ``format``, ``append`` ...), names that no
  V1 context or V1 result has a V1 method of.

A call of a function or method of the project (``self.check(...)``,
``helper(...)``, ``util.infer(...)``) may reach V1 code: the answer is then no.
"""
from __future__ import annotations

import builtins
import sys
from typing import Callable, Iterable, Optional

import libcst as cst
from libcst.helpers import get_full_name_for_node

#: Top-level packages whose functions never run V1 client code.
SAFE_PACKAGES = frozenset(sys.stdlib_module_names) | {"tritonclient", "google", "numpy", "requests", "grpc"}
#: Methods of plain data (dicts, strings, lists, sets) and of threads.
DATA_METHODS = frozenset({
    "get", "format", "append", "extend", "items", "keys", "values", "startswith", "endswith", "lower", "upper",
    "split", "join", "strip", "rstrip", "lstrip", "replace", "copy", "pop", "add", "update", "encode", "decode",
    "setdefault", "count", "index", "tolist", "astype", "reshape", "sort", "insert", "remove", "discard",
})
V2_FACTORIES = ("InferenceServerClient", "InferenceServerException")


def module_bindings(module: cst.Module) -> dict[str, Optional[str]]:
    """Names bound at module level -> the top package of the module an import binds them to (None for
    anything else: a def, a class, an assignment, a name imported from a module)."""
    bound: dict[str, Optional[str]] = {}
    for stmt in module.body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            bound[stmt.name.value] = None
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    full = get_full_name_for_node(alias.name) or ""
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        bound[alias.asname.name.value] = full.split(".")[0]
                    else:
                        bound[full.split(".")[0]] = full.split(".")[0]
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                top = (get_full_name_for_node(small.module) or "").split(".")[0] if small.module else ""
                for alias in small.names:
                    name = alias.asname.name if alias.asname is not None else alias.name
                    if isinstance(name, cst.Name):
                        # `from google.protobuf import json_format`: a module (or a name) of a safe package
                        bound[name.value] = top if top and not small.relative else None
            elif isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
                targets = small.targets if isinstance(small, cst.Assign) else [small]
                for t in targets:
                    target = t.target
                    if isinstance(target, cst.Name):
                        bound[target.value] = None
    return bound


def v2_clients(function: cst.CSTNode) -> set[str]:
    """Names that every assignment in ``function`` makes a V2 client (``<m>.InferenceServerClient(...)``)."""
    clients: dict[str, bool] = {}

    class _Assigns(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            for t in node.targets:
                if isinstance(t.target, cst.Name):
                    value = node.value
                    ok = isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
                        and value.func.attr.value == "InferenceServerClient"
                    clients[t.target.value] = clients.get(t.target.value, True) and ok
                else:
                    for n in _names(t.target):
                        clients[n] = False

        def visit_For(self, node: cst.For) -> None:
            for n in _names(node.target):
                clients[n] = False

        def visit_WithItem(self, node: cst.WithItem) -> None:
            if node.asname is not None:
                for n in _names(node.asname.name):
                    clients[n] = False

    function.visit(_Assigns())
    return {name for name, ok in clients.items() if ok}


def _names(node: cst.CSTNode) -> list[str]:
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [n for e in node.elements for n in _names(e.value)]
    return []


def _calls(nodes: Iterable[cst.CSTNode]) -> list[cst.Call]:
    found: list[cst.Call] = []

    class _Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            found.append(node)

    for node in nodes:
        node.visit(_Calls())
    return found


def _client_assign(stmt: cst.CSTNode, name: str) -> bool:
    """``name = <m>.InferenceServerClient(...)`` as a statement of its own."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign)):
        return False
    assign = stmt.body[0]
    return len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name) \
        and assign.targets[0].target.value == name and isinstance(assign.value, cst.Call) \
        and isinstance(assign.value.func, cst.Attribute) and assign.value.func.attr.value == "InferenceServerClient"


def _assigned_client(call: cst.CSTNode, name: str, body: cst.CSTNode, parent: Callable) -> bool:
    """A statement before ``call``'s, in a block around it inside ``body``, makes ``name`` a V2 client, and
    every assignment of ``name`` in ``body`` does."""
    if v2_clients(body) & {name} != {name}:
        return False
    node: Optional[cst.CSTNode] = call
    while node is not None and node is not body:
        up = parent(node)
        siblings = getattr(up, "body", None)
        if isinstance(siblings, (list, tuple)) and node in siblings:
            if any(_client_assign(s, name) for s in siblings[:siblings.index(node)]):
                return True
        node = up
    return False


def defined_functions(module: cst.Module) -> set[str]:
    """Names of every function and method the module defines (a test class's own ``assertX`` is project
    code, not unittest's)."""
    names: set[str] = set()

    class _Defs(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            names.add(node.name.value)

    module.visit(_Defs())
    return names


def first_v1(body: Iterable[cst.CSTNode], bindings: dict[str, Optional[str]], clients: set[str],
             is_v1: Callable[[cst.CSTNode], bool], parent: Optional[Callable] = None,
             own: frozenset[str] = frozenset()) -> Optional[cst.Call]:
    """The first call in ``body`` that may run V1 client code, None when every call is one that cannot
    (see the module's docstring); ``is_v1(node)`` says whether a name or attribute chain names something
    of the V1 API; ``parent`` (the parent of a node) lets a name assigned a V2 client in ``body`` before
    the call count as one; ``own``: the names of the functions and methods the module defines."""
    body = list(body)
    for call in _calls(body):
        if not _safe(call, body, bindings, clients, is_v1, parent, own):
            return call
    return None


def _safe(call: cst.Call, body: list, bindings: dict[str, Optional[str]], clients: set[str],
          is_v1: Callable[[cst.CSTNode], bool], parent: Optional[Callable], own: frozenset[str]) -> bool:
    func = call.func
    if is_v1(func):
        return False
    if isinstance(func, cst.Name):
        return func.value not in bindings and hasattr(builtins, func.value)
    if not isinstance(func, cst.Attribute):
        return False
    method, receiver = func.attr.value, func.value
    if isinstance(receiver, cst.Name) and receiver.value == "self":
        return (method.startswith("assert") or method == "fail") and method not in own
    if method in V2_FACTORIES and not is_v1(receiver):
        return True
    head = receiver
    while isinstance(head, cst.Attribute):
        head = head.value
    if isinstance(receiver, cst.Name) and (receiver.value in clients or parent is not None and any(
            _assigned_client(call, receiver.value, b, parent) for b in body)):
        return True
    if isinstance(head, cst.Name) and head.value in bindings:
        top = bindings[head.value]
        return top is not None and top in SAFE_PACKAGES and not is_v1(head)
    return method in DATA_METHODS and not (isinstance(head, cst.Name) and head.value == "self")
