"""Regions a class's own factory methods make, handed back to its methods by subclasses in other files.

V1 sequence test helpers (``qa/common/sequence_util.py``) keep the regions of a test in a list made by one of
their own methods, which the test files (subclasses) pass back to another method of the same class::

    # sequence_util.py                                   # sequence_batcher_test.py
    class SequenceBatcherTestUtil(unittest.TestCase):    class SequenceBatcherTest(su.SequenceBatcherTestUtil):
        def precreate_register_regions(self, ...):           def test_x(self):
            shm_region_handles = []                              handles = self.precreate_register_regions(...)
            ...h = shm.create_shared_memory_region(...)          threading.Thread(target=self.check_sequence_async,
            shm_region_handles.append(h)                                          args=(..., handles), ...)
            return shm_region_handles
        def check_sequence_async(self, ..., shm_region_handles, ...):
            ... (shm_region_handles[2*i], shape) ... ctx.async_run(...)

The regions are created in the helper's file, so its own registry records them at run time; what the file
does not show is that the parameter receives nothing else.  `scan` (stdlib ``ast``, run-wide first pass)
proves it, per method parameter: the parameter is only read as ``P[...]``; the class has factory methods
(`shmcross.is_factory`); and every reference in the run to an attribute of the method's name is
``self.m(...)`` or ``threading.Thread(target=self.m, args=(...), kwargs={...})`` in a method of the class or
of a direct subclass (``su.C`` / ``C``) that overrides neither the method nor the factories, passing at that
parameter ``None``, ``[]`` or a name assigned once in that function from ``self.F(...)`` (F a factory) and
never changed in place.  Any other reference, or no call at all, proves nothing (the method stays V1, each
use reported).  The result reaches the helper's file as `FileView.seq_params`, read by `v1client.runadapter`.
"""
from __future__ import annotations

import ast
from pathlib import PurePath
from typing import Iterable, Optional

from triton_migrate.shmcross import changed_names, is_factory

Proven = dict[str, dict[str, dict[str, tuple[str, ...]]]]  # path -> "Class.method" -> param -> factories


def _methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)}


def _subscript_only(function: ast.FunctionDef, param: str) -> bool:
    uses = [n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == param]
    parents = {c: p for p in ast.walk(function) for c in ast.iter_child_nodes(p)}
    return bool(uses) and all(isinstance(n.ctx, ast.Load) and isinstance(parents.get(n), ast.Subscript)
                              and parents[n].value is n and isinstance(parents[n].ctx, ast.Load) for n in uses)


def _bases_name(base: ast.AST) -> Optional[tuple[Optional[str], str]]:
    if isinstance(base, ast.Name):
        return None, base.id
    if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
        return base.value.id, base.attr
    return None


def _imports_module(tree: ast.Module, alias: Optional[str], stem: str, cls: str) -> bool:
    """``alias.C`` where ``import stem as alias`` / ``import stem``; ``C`` where ``from stem import C`` or ``*``."""
    for node in tree.body:
        if alias is not None and isinstance(node, ast.Import):
            if any(a.name.split(".")[-1] == stem and (a.asname or a.name) == alias for a in node.names):
                return True
        if alias is None and isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == stem:
            if any(a.name in ("*", cls) and a.asname is None for a in node.names):
                return True
    return False


def _value_ok(function: ast.FunctionDef, value: ast.AST, factories: set[str]) -> bool:
    if isinstance(value, ast.Constant) and value.value is None or isinstance(value, ast.List) and not value.elts:
        return True
    if not isinstance(value, ast.Name):
        return False
    stores = [n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == value.id
              and isinstance(n.ctx, (ast.Store, ast.Del))]
    assigns = [n for n in ast.walk(function) if isinstance(n, ast.Assign) and len(n.targets) == 1
               and isinstance(n.targets[0], ast.Name) and n.targets[0].id == value.id]
    if len(stores) != 1 or len(assigns) != 1 or value.id in changed_names(ast.walk(function)):
        return False
    made = assigns[0].value
    return isinstance(made, ast.Call) and isinstance(made.func, ast.Attribute) and isinstance(made.func.value, ast.Name) \
        and made.func.value.id == "self" and made.func.attr in factories


def _passed(ref: ast.Attribute, parents: dict, params: tuple[str, ...], param: str) -> Optional[ast.AST]:
    """What ``self.m`` passes at ``param`` (a call or a Thread target), ``ast.Constant(None)`` when it is left at
    its default, or None when the tool cannot tell."""
    parent = parents.get(ref)
    if isinstance(parent, ast.Call) and parent.func is ref:
        args, kwargs = parent.args, {k.arg: k.value for k in parent.keywords}
        if any(isinstance(a, ast.Starred) for a in args) or None in kwargs:
            return None
    elif isinstance(parent, ast.keyword) and parent.arg == "target":
        call = parents.get(parent)
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "Thread"):
            return None
        given = {k.arg: k.value for k in call.keywords}
        if None in given or call.args:
            return None
        tup, kw = given.get("args", ast.Tuple(elts=[])), given.get("kwargs", ast.Dict(keys=[], values=[]))
        if not isinstance(tup, ast.Tuple) or not isinstance(kw, ast.Dict) or \
                any(isinstance(a, ast.Starred) for a in tup.elts) or \
                not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in kw.keys):
            return None
        args, kwargs = tup.elts, {k.value: v for k, v in zip(kw.keys, kw.values)}  # type: ignore[union-attr]
    else:
        return None
    index = params.index(param)
    if index < len(args):
        return None if param in kwargs else args[index]
    return kwargs.get(param, ast.Constant(None))


def scan(files: Iterable[tuple[str, str]]) -> Proven:
    """``files``: (path as reported, text) of every Python file of the run."""
    trees = {}
    for path, text in files:
        try:
            trees[path] = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
    found: Proven = {}
    index = {path: _Index(tree) for path, tree in trees.items()}
    for path, tree in trees.items():
        stem = PurePath(path).stem
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            methods = _methods(cls)
            factories = {n for n, f in methods.items() if is_factory(f) or is_factory(_as_function(f))}
            if not factories:
                continue
            for name, method in methods.items():
                params = tuple(a.arg for a in method.args.args)
                if not params or params[0] != "self" or method.args.vararg or method.args.kwarg or name in factories:
                    continue
                for param in params[1:]:
                    if _subscript_only(method, param) and _proven(index, path, tree, stem, cls, name, params[1:],
                                                                  param, factories):
                        found.setdefault(path, {}).setdefault(f"{cls.name}.{name}", {})[param] = tuple(
                            sorted(factories))
    return found


def _as_function(method: ast.FunctionDef) -> ast.FunctionDef:
    """The method without ``self``, as `is_factory` reads a top-level function."""
    clone = ast.FunctionDef(name=method.name, args=ast.arguments(
        posonlyargs=[], args=method.args.args[1:], vararg=None, kwonlyargs=method.args.kwonlyargs,
        kw_defaults=method.args.kw_defaults, kwarg=None, defaults=method.args.defaults), body=method.body,
        decorator_list=method.decorator_list, returns=None, type_comment=None)
    return clone


class _Index:
    """A tree's parent map and its attribute nodes by name, built once per scan (`_proven` asks for
    every parameter of every method of every class with a factory: a walk per question was quadratic)."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.parents: dict[ast.AST, ast.AST] = {}
        self.attributes: dict[str, list[ast.Attribute]] = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
            if isinstance(parent, ast.Attribute):
                self.attributes.setdefault(parent.attr, []).append(parent)


def _proven(index: dict[str, _Index], path: str, home: ast.Module, stem: str, cls: ast.ClassDef, method: str,
            params: tuple[str, ...], param: str, factories: set[str]) -> bool:
    sites = 0
    for other, found in index.items():
        tree, parents = found.tree, found.parents
        for node in found.attributes.get(method, ()):
            if not (isinstance(node.value, ast.Name) and node.value.id == "self"):
                return False
            function, klass = parents.get(node), None
            while function is not None and not isinstance(function, ast.FunctionDef):
                function = parents.get(function)
            klass = parents.get(function) if function is not None else None
            if not isinstance(klass, ast.ClassDef):
                return False
            if klass is not cls:
                if other == path and tree is home:
                    ok = any(_bases_name(b) == (None, cls.name) for b in klass.bases)
                else:
                    ok = any((b := _bases_name(base)) is not None and b[1] == cls.name
                             and _imports_module(tree, b[0], stem, cls.name) for base in klass.bases)
                if not ok or set(_methods(klass)) & (factories | {method}):
                    return False
            value = _passed(node, parents, params, param)
            if value is None or not _value_ok(function, value, factories):
                return False
            sites += 1
    return sites > 0


__all__ = ["Proven", "scan"]
