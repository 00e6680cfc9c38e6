"""Hold the V1 shared-memory helper module back while a V1 context that stays receives its regions.

A region made by ``tensorrtserver.shared_memory.create_shared_memory_region``
is a handle of the V1 helper library; a V1 context that stays V1 takes only
such handles (``control.register(h)``, ``ctx.run({"IN": h}, ...)``,
``{"OUT": (ResultFormat.RAW, h)}``).  Moving the import to
``tritonclient.utils.shared_memory`` while such a context stays V1 would hand
it a V2 region, which fails there at run time.  The helper module is one
object of the file: when any V1 context that stays receives one of its
regions, the whole module (its imports and every helper call through it)
stays V1, with a finding at each import saying why.  Converted clients name
a region by its name, key and size (``register_system_shared_memory("in",
"/in", 64)``, ``set_shared_memory("in", 64)``), so they work with a region of
either helper library.

Converted code that needs a function only the V2 helpers have
(``get_contents_as_numpy`` for a shared-memory output, ``get_raw_handle`` for
a CUDA region registered by a converted client) cannot keep the V1 module: the
module then moves as before and a review item at its import says which V1
contexts still receive its regions (each of their uses is reported).

The decision is taken on the output of a migration round, where converted and
kept contexts can be told apart (`triton_migrate.analysis.verify`'s object
model), and carried to the next round in the carrier's frozen table
(``FROZEN``), which the `v1_shared_memory` rule reads (`held`).
"""
from __future__ import annotations

import ast
import re
from typing import Any, Optional, Union

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import PositionProvider

from triton_migrate.analysis import astcache
from triton_migrate.analysis import verify
from triton_migrate.analysis.imports import of_tree
from triton_migrate.data.python_modules import V1_SHM_EXPORTS, V1_SHM_MODULES
from triton_migrate.v1client.shmregistry import CREATE  # the one name of a region's creation

# frozen-table keys: (HOLD, V1 module) -> why it stays; (MOVED, V1 module) -> why it moves anyway
HOLD = "shm.hold"
MOVED = "shm.moved"
# Methods of a V1 context that take region handles.
REGION_METHODS = frozenset({"register", "cuda_register", "unregister", "run", "async_run"})
_V2_TO_V1 = {v2: v1 for v1, v2 in V1_SHM_MODULES.items()}
_IMPORTED = re.compile(r"tensorrtserver\.(?:cuda_)?shared_memory\b|from\s+tensorrtserver\s+import\b")
MAX_DEPTH = 4

Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]


def held(ctx: Any) -> dict[str, str]:
    """V1 helper modules this file keeps V1 -> why (asked of the carrier's frozen table)."""
    frozen = getattr(ctx, "scratch", {}).get("python.frozen")
    if frozen is None:
        return {}
    found = {}
    for module in V1_SHM_MODULES:
        why = frozen.get((HOLD, module))  # asked module by module: the carrier's memo replays by the answers
        if why is not None:
            found[module] = why
    return found


def moved(ctx: Any) -> dict[str, str]:
    """V1 helper modules that move although a V1 context that stays receives their regions -> why."""
    frozen = getattr(ctx, "scratch", {}).get("python.frozen")
    if frozen is None:
        return {}
    return {m: why for m in V1_SHM_MODULES if (why := frozen.get((MOVED, m))) is not None}


def _v1_imports(original: str) -> set[str]:
    """The V1 helper modules the original text imports (under their V1 names)."""
    if not _IMPORTED.search(original):
        return set()
    try:
        return _Imports(astcache.parse(original)).v1_named
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()


class _Imports:
    """What the names of the output bind among the helper modules (V1 or V2 home), as V1 names."""

    def __init__(self, tree: ast.Module) -> None:
        self.modules: dict[str, str] = {}  # local name -> V1 module
        self.members: dict[str, tuple[str, str]] = {}  # local name -> (V1 module, function)
        self.stars: list[str] = []
        self.v1_named: set[str] = set()  # V1 modules imported under their V1 name
        for b in of_tree(tree):
            if b.member is None:  # ``import m [as a]``
                module = _v1_name(b.module)
                if module and b.alias:
                    self.modules[b.alias] = module
                if module == b.module:
                    self.v1_named.add(module)
            elif b.module and not b.level:  # ``from m import f [as a]`` / ``from pkg import m``
                module = _v1_name(b.module)
                dotted = f"{b.module}.{b.member}"
                member = _v1_name(dotted)
                if module and b.star:
                    self.stars.append(module)
                elif module:
                    self.members[b.local] = (module, b.member)
                elif member:
                    self.modules[b.local] = member
                if module == b.module or (member and member == dotted):
                    self.v1_named.add(module or member)  # type: ignore[arg-type]

    def function(self, func: ast.AST) -> Optional[tuple[str, str]]:
        """(V1 module, function name) that ``func`` names, or None."""
        if isinstance(func, ast.Name):
            if func.id in self.members:
                return self.members[func.id]
            return (self.stars[0], func.id) if len(self.stars) == 1 and func.id == CREATE else None
        if isinstance(func, ast.Attribute):
            dotted = _dotted(func.value)
            if dotted is None:
                return None
            head, _, rest = dotted.partition(".")
            module = self.modules.get(head) if not rest else None
            module = module or _v1_name(dotted)
            return (module, func.attr) if module else None
        return None


def _v1_name(module: str) -> Optional[str]:
    if module in V1_SHM_MODULES:
        return module
    return _V2_TO_V1.get(module)


def _dotted(node: ast.AST) -> Optional[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


class _Origins:
    """The helper modules whose ``create_shared_memory_region`` a value may come from."""

    def __init__(self, model: verify.Model, imports: _Imports) -> None:
        self.model = model
        self.imports = imports

    def of(self, node: ast.AST, depth: int = 0) -> set[str]:
        if depth > MAX_DEPTH:
            return set()
        if isinstance(node, ast.Call):
            made = self.imports.function(node.func)
            if made is not None and made[1] == CREATE:
                return {made[0]}
            callee = verify._local_callee(self.model, node)
            if callee is not None:  # a function of the file that returns regions
                return {m for r in ast.walk(callee) if isinstance(r, ast.Return) and r.value is not None
                        and self.model.enclosing_function(r) is callee for m in self.of(r.value, depth + 1)}
            return set()
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return {m for e in node.elts for m in self.of(e, depth + 1)}
        if isinstance(node, ast.Dict):
            return {m for v in node.values for m in self.of(v, depth + 1)}
        if isinstance(node, ast.Subscript):
            return self.of(node.value, depth + 1)
        if isinstance(node, ast.Name):
            return self._name(node, depth)
        return set()

    def _name(self, name: ast.Name, depth: int) -> set[str]:
        scope = self.model.scope_of.get(name)
        while scope is not None and name.id not in self.model.bindings.get(scope, ()):
            scope = self.model.scope_of.get(scope)
        if scope is None:
            return set()
        found = set()
        for value in verify._assigned_values(self.model, scope, name.id):
            found |= self.of(value, depth + 1)
        for node in self.model.nodes_in(scope):  # ``xs.append(h)``: a list of regions
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == name.id and node.args:
                found |= self.of(node.args[0], depth + 1)
            elif isinstance(node, ast.Assign) and any(  # ``inputs[name] = (h, shape)``: a dict of regions
                    isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == name.id
                    for t in node.targets):
                found |= self.of(node.value, depth + 1)
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found |= self._parameter(scope, name.id, depth)
        return found

    def _parameter(self, function: Function, name: str, depth: int) -> set[str]:
        """What the calls of ``function`` in the file pass to its parameter ``name``."""
        params = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
        if name not in params:
            return set()
        index = params.index(name) - (1 if self.model.self_name(function) else 0)
        found = set()
        for node in ast.walk(self.model.tree):
            if isinstance(node, ast.Call) and verify._local_callee(self.model, node) is function:
                passed = [k.value for k in node.keywords if k.arg == name]
                if 0 <= index < len(node.args):
                    passed.append(node.args[index])
                for value in passed:
                    found |= self.of(value, depth + 1)
        return found


def _receivers(model: verify.Model, origins: _Origins) -> dict[str, list[tuple[int, str]]]:
    """V1 module -> the uses of V1 contexts (output line, ``ctx.run()``) that receive its regions."""
    found: dict[str, list[tuple[int, str]]] = {}
    for obj in verify.objects(model):
        if obj.kind != "v1":
            continue
        for use in obj.uses:
            call = model.parent.get(use.node)
            if use.method not in REGION_METHODS or not isinstance(call, ast.Call) or call.func is not use.node:
                continue
            modules: set[str] = set()
            for arg in [*call.args, *(k.value for k in call.keywords)]:
                for node in ast.walk(arg):
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                        modules |= origins.of(node)
            for module in modules:
                found.setdefault(module, []).append((use.line, use.what))
    return found


def _v2_only(tree: ast.Module, imports: _Imports) -> dict[str, set[str]]:
    """V1 module -> the functions the output calls on it that only its V2 home has."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            made = imports.function(node.func)
            if made is not None and made[1] not in V1_SHM_EXPORTS[made[0]]:
                found.setdefault(made[0], set()).add(made[1])
    return found


def hold(original: str, output: str, frozen: dict) -> bool:  # type: ignore[type-arg]
    """Judge a round's ``output``: True when a helper module's fate was added to ``frozen``
    (migrate again); a decision already taken is never taken again."""
    v1 = _v1_imports(original)
    if not v1 or not any((HOLD, m) not in frozen and (MOVED, m) not in frozen for m in v1):
        return False
    try:
        tree = astcache.parse(output)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    model = verify.Model(tree)
    imports = _Imports(tree)
    receivers = _receivers(model, _Origins(model, imports))
    needs = _v2_only(tree, imports)
    more = False
    for module in sorted(v1):
        uses = receivers.get(module)
        if not uses or (HOLD, module) in frozen or (MOVED, module) in frozen:
            continue
        named = ", ".join(f"`{what}`" for what in sorted({what for _line, what in uses}))
        if needs.get(module):
            wants = ", ".join(f"`{f}()`" for f in sorted(needs[module]))
            frozen[(MOVED, module)] = (f"converted code needs {wants}, which only the V2 helpers have; the V1 "
                                       f"uses that receive its regions: {named}")
        else:
            frozen[(HOLD, module)] = f"its regions go to V1 contexts that stay V1: {named}"
        more = True
    return more




class ImportNotes(cst.CSTVisitor):
    """A finding at each import of a helper module that stays V1 (`held`) or moves although V1
    contexts that stay receive its regions (`moved`)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, ctx: Any, kept: dict[str, str], moving: dict[str, str]) -> None:
        super().__init__()
        self.ctx = ctx
        self.kept = kept
        self.moving = moving
        self.aliases: dict[str, str] = {}  # local name of a kept module -> that module
        self.members: dict[str, str] = {}  # local name of a kept module's function -> the module

    def _modules(self, node: Union[cst.Import, cst.ImportFrom]) -> set[str]:
        if isinstance(node, cst.Import):
            return {get_full_name_for_node(a.name) or "" for a in node.names}
        if node.relative or node.module is None:
            return set()
        module = get_full_name_for_node(node.module) or ""
        if isinstance(node.names, cst.ImportStar):
            return {module}
        return {module} | {f"{module}.{get_full_name_for_node(a.name)}" for a in node.names}

    def _note(self, node: Union[cst.Import, cst.ImportFrom]) -> None:
        rng = self.get_metadata(PositionProvider, node)
        for module in sorted(self._modules(node)):
            v1 = _v1_name(module)
            if v1 in self.kept and module == v1:
                self._bind(node, module)
                self.ctx.report(line=rng.start.line, column=rng.start.column, end_line=rng.end.line,
                                end_column=rng.end.column, severity="warning", applied=False, v1=module,
                                replacement=f"{V1_SHM_MODULES[v1]} (once those contexts are ported)",
                                message=f"`{module}` stays V1 (it is not moved to `{V1_SHM_MODULES[v1]}`): "
                                        f"{self.kept[v1]}, and a V1 context takes only regions of the V1 "
                                        "helpers. Port those contexts, then the tool moves this import and "
                                        "every helper call through it.")
            elif v1 in self.moving:
                self.ctx.report(line=rng.start.line, column=rng.start.column, end_line=rng.end.line,
                                end_column=rng.end.column, severity="warning", applied=True, v1=module,
                                replacement=V1_SHM_MODULES[v1],
                                message=f"`{v1}` moves to `{V1_SHM_MODULES[v1]}` although V1 contexts that stay "
                                        f"receive its regions: {self.moving[v1]}. Those V1 uses fail with a V2 "
                                        "region: port them (each is reported).")

    def _bind(self, node: Union[cst.Import, cst.ImportFrom], module: str) -> None:
        """Remember the names ``node`` binds to the kept ``module`` or to its functions."""
        for alias in node.names if not isinstance(node.names, cst.ImportStar) else ():
            full = get_full_name_for_node(alias.name) or ""
            local = get_full_name_for_node(alias.asname.name) if alias.asname else full
            if isinstance(node, cst.Import) and full == module:
                self.aliases[local or full] = module
            elif isinstance(node, cst.ImportFrom) and f"{get_full_name_for_node(node.module)}.{full}" == module:
                self.aliases[local or full] = module
            elif isinstance(node, cst.ImportFrom):
                self.members[local or full] = module

    def visit_Call(self, node: cst.Call) -> None:
        """A helper call through a kept module: it stays V1 with it."""
        func = node.func
        name = get_full_name_for_node(func) or ""
        head, _, rest = name.rpartition(".")
        module = self.aliases.get(head) if rest else self.members.get(name)
        module = module or (head if head in self.kept else None)
        if module is None:
            return
        rng = self.get_metadata(PositionProvider, node)
        self.ctx.report(line=rng.start.line, column=rng.start.column, end_line=rng.end.line,
                        end_column=rng.end.column, severity="warning", applied=False, v1=name,
                        replacement=f"{V1_SHM_MODULES[module]}.{name.rpartition('.')[2]} (with the import)",
                        message=f"`{name}()` stays a V1 shared-memory helper call: `{module}` is kept V1 in "
                                "this file because V1 contexts that stay receive its regions (see its import).")

    def visit_Import(self, node: cst.Import) -> None:
        self._note(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._note(node)


__all__ = ["HOLD", "MOVED", "ImportNotes", "held", "moved", "hold"]
