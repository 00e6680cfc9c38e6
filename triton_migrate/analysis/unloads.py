"""Where code unloads models: is a status read after an unload (its counters have no V2 form)?

V1's status kept, for a model version it had unloaded (``ModelControlContext.unload``,
or a model directory removed from a polled repository), the version status with
``MODEL_UNAVAILABLE``, the reason ``"unloaded"`` and the counters
(``model_execution_count``, ``last_inference_timestamp_milliseconds``, ...) as they
were.  V2's repository index keeps the state and the reason, but
``get_inference_statistics`` raises for a model that is not loaded (measured on
tritonserver 2.51, ``bench/unload_probe.py``: ``[400] requested model 'simple' is
not available``) and starts again from zero when the model is loaded again (V1 kept
the counters of a version loaded again).

So a counter read converts only where no unload can have happened before it.  This
module answers that with the stdlib ``ast`` over the file, per status fetch (by its
line): the read stays V1 when, in the function holding the fetch, an unload event
comes before it (by line, or anywhere in a loop that also holds the fetch), or when
that function is called (``f(...)`` / ``self.f(...)``) by a function of the file that
unloads.  An unload event is a call of ``unload`` / ``unload_model`` (V1 and V2
clients) or of a function that removes or moves files (``shutil.rmtree``,
``os.remove``, ``shutil.move``: a model removed from a polled repository), or a
call of a function of the file that does one of those (followed through the file's
own functions; ``f(...)`` is the ``def f`` of the nearest scope around the call, so two
functions that each define a ``main`` are not taken for one another, and ``x.f(...)`` is any
function or method called ``f``).  Before, a file with any ``.unload(...)`` kept every counter V1
(a file-wide regex, gone); a file that only loads and reads stays as it was.  The
verifier's finding on a statistic read that stays V1 gives this module's reason
only where it holds for that read (``blocked``), not because the file unloads
somewhere else.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from typing import Optional

from triton_migrate.analysis import astcache

__all__ = ["EVENTS", "FILE_EVENTS", "UNLOADED_BEFORE", "blocked", "unloaded_before"]

#: Calls (by the called name's last part) that unload a model or remove a model's files.
EVENTS = frozenset({"unload", "unload_model", "rmtree", "unlink", "rmdir", "removedirs"})
#: The same, only as a function of ``os`` / ``shutil`` (``lst.remove(x)`` is no unload).
FILE_EVENTS = frozenset({"remove", "move", "rename"})

#: Why a counter read stays V1 (joins the status finding).
UNLOADED_BEFORE = ("a model is unloaded (or its files removed) before this status is read, and V2's "
                   "get_inference_statistics raises for a model that is not loaded (and starts from zero when it "
                   "is loaded again) where V1 kept its counters")


def _called(node: ast.Call) -> Optional[str]:
    func = node.func
    if isinstance(func, ast.Attribute):
        if func.attr in FILE_EVENTS:
            return func.attr if isinstance(func.value, ast.Name) and func.value.id in ("os", "shutil") else None
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


class _File:
    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.functions: list[ast.AST] = []
        self.by_name: dict[str, list[ast.AST]] = {}  # every function and method by its name
        self.defined: dict[int, dict[str, list[ast.AST]]] = {}  # scope -> functions a bare name reaches there
        self.enclosing: dict[int, ast.AST] = {}  # function -> the function (or module) it is defined in
        self.call_scope: dict[int, ast.AST] = {}  # call -> the function (or module) it is made in
        self._index(tree, tree, False)
        # functions that unload (directly, or through a function of the file they call)
        direct = {id(f) for f in self.functions if any(
            isinstance(n, ast.Call) and _called(n) in EVENTS | FILE_EVENTS for n in astcache.walk(f))}
        changed = True
        while changed:
            changed = False
            for f in self.functions:
                if id(f) in direct:
                    continue
                if any(isinstance(n, ast.Call) and any(id(g) in direct for g in self.resolve(n))
                       for n in astcache.walk(f)):
                    direct.add(id(f))
                    changed = True
        self.unloading = direct

    def _index(self, node: ast.AST, scope: ast.AST, in_class: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions.append(child)
                self.by_name.setdefault(child.name, []).append(child)
                if not in_class:  # a method is reached through its object, not by a bare name
                    self.defined.setdefault(id(scope), {}).setdefault(child.name, []).append(child)
                self.enclosing[id(child)] = scope
                self._index(child, child, False)
                continue
            if isinstance(child, ast.Call):
                self.call_scope[id(child)] = scope
            self._index(child, scope, True if isinstance(child, ast.ClassDef) else in_class)

    def resolve(self, call: ast.Call) -> list[ast.AST]:
        """The functions of the file ``call`` may run: for ``f(...)`` the ``def f`` of the nearest scope around
        the call that has one (two programs' ``main`` in two functions are two functions); for ``x.f(...)``
        every function and method called ``f`` (the object is not typed here)."""
        if isinstance(call.func, ast.Attribute):
            return self.by_name.get(call.func.attr, [])
        if not isinstance(call.func, ast.Name):
            return []
        scope: Optional[ast.AST] = self.call_scope.get(id(call), self.tree)
        while scope is not None:
            found = self.defined.get(id(scope), {}).get(call.func.id)
            if found:
                return found
            scope = self.enclosing.get(id(scope))
        return []

    def event(self, node: ast.AST) -> bool:
        """``node`` is a call that unloads (directly or through a function of the file)."""
        if not isinstance(node, ast.Call):
            return False
        name = _called(node) or ""
        return name in EVENTS | FILE_EVENTS or any(id(g) in self.unloading for g in self.resolve(node))

    def owner(self, line: int) -> ast.AST:
        """The innermost function holding ``line`` (the module when none)."""
        best: ast.AST = self.tree
        for f in self.functions:
            if f.lineno <= line <= (f.end_lineno or f.lineno):  # type: ignore[attr-defined]
                if best is self.tree or f.lineno > best.lineno:  # type: ignore[attr-defined]
                    best = f
        return best

    def unloaded_before(self, line: int) -> bool:
        owner = self.owner(line)
        body = [n for stmt in getattr(owner, "body", []) for n in ast.walk(stmt)]
        loops = [n for n in body if isinstance(n, (ast.For, ast.AsyncFor, ast.While))
                 and n.lineno <= line <= (n.end_lineno or n.lineno)]
        for n in body:
            if not self.event(n):
                continue
            if n.lineno < line or any(loop.lineno <= n.lineno <= (loop.end_lineno or loop.lineno) for loop in loops):
                return True
        if owner is self.tree:
            return False
        name = owner.name  # type: ignore[attr-defined]
        for f in self.functions:  # a helper called by a function that unloads models (before or after: not followed)
            if id(f) in self.unloading and f is not owner and any(
                    isinstance(n, ast.Call) and _called(n) == name and any(g is owner for g in self.resolve(n))
                    for n in astcache.walk(f)):
                return True
        return False


@lru_cache(maxsize=8)
def _file(code: str) -> Optional[_File]:
    try:
        return _File(astcache.parse(code))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def unloaded_before(code: str, line: int) -> bool:
    """A model may have been unloaded before the status fetched on ``line`` of ``code`` is read
    (a file that does not parse: True)."""
    found = _file(code)
    return found is None or found.unloaded_before(line)


def blocked(code: str, line: int) -> Optional[str]:
    """Why the counters of the status fetched on ``line`` stay V1, or None when they may convert."""
    return UNLOADED_BEFORE if unloaded_before(code, line) else None
