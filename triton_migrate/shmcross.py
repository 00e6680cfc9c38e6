"""Shared-memory regions that cross modules: a helper module's factory creates them, other files of the run
unregister (or register) them by handle.

V1 took a region's handle where V2 takes its name, kind and size (`v1client.shmregistry`).  A file sees
neither the creation of a region its caller hands it nor that of a region another module's function
returns::

    # pool/regions.py                              # main.py
    def make_regions(control, names, size):        from pool import regions
        handles = []                               control = SharedMemoryControlContext(url, protocol)
        for name in names:                         handles = regions.make_regions(control, ["a", "b"], 64)
            handle = shm.create_...(name, ...)     control.unregister(handles[0])
            control.register(handle)               control.register(handles[0])
            handles.append(handle)                 regions.release(control, handles)
        return handles

    def release(control, handles):
        for handle in handles:
            control.unregister(handle)
            shm.destroy_shared_memory_region(handle)

The run's first pass (`crossfile`, stdlib ``ast``) marks the *factories* (``is_factory``: a top-level
function whose every return is ``[]`` or one list assigned once to ``[]``, only grown by ``L.append(x)``,
each ``x`` assigned in it only from ``create_shared_memory_region(...)``), and at each cross-module call
what an argument is: a name assigned once from another module's function and never changed in place
(``MADE``).  `RunIndex.decide` then, per factory of a module migrated in this run that another file
receives the list of (and that no file calls in a way the index does not follow):

- the helper module records the regions its factory creates in its own registry
  (``_v1_region(...)`` after each creation) and defines ``_v1_register`` / ``_v1_unregister``
  (`FileView.shm_export`);
- a helper function of that module whose parameter every cross-module call (and no call of its own
  file) passes such a list converts its ``unregister(h)`` of the list's items through the module's own
  registry (`FileView.shm_params`, read by `v1client.shmunregister`);
- a calling file that reaches the factory through a module alias (``regions.make_regions(...)``,
  ``su.create_...(...)``) converts ``control.register(L[i])`` / ``control.unregister(L[i])`` (``L`` the
  list received, assigned once, never changed) into ``regions._v1_register(control, L[i])`` /
  ``regions._v1_unregister(control, L[i])`` (`FileView.shm_made`); a factory imported by name
  (``from pool.regions import make_regions``) leaves those calls V1, reported, as before.

After the migration `RunIndex.check` compares both sides (`check`): a caller that calls
``<alias>._v1_(un)register`` while the helper's new text does not define it flips the factory's decision
to "stays V1" (the files are migrated again, the caller's calls stay V1 and are reported).
"""
from __future__ import annotations

import ast
import re
from typing import Any, Iterable, Optional

MADE = "made:"  # the kind of an argument assigned once from another module's function: made:<module>:<qualname>
CREATE = "create_shared_memory_region"
REGISTER, UNREGISTER = "_v1_register", "_v1_unregister"
# the names `v1client.shmregistry` writes into a file (kept in step with its NAMES; stdlib only here)
REGISTRY_NAMES = frozenset({"_V1_SHM_REGIONS", "_v1_region", "_v1_shm_region", "_v1_filled", "_v1_input",
                            "_v1_output", "_v1_result", REGISTER, UNREGISTER})

_MUTATORS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "__setitem__",
                       "__delitem__"})


def changed_names(nodes: Iterable[ast.AST]) -> set[str]:
    """Names changed in place among ``nodes``: ``x.append(...)`` (any method that changes a list),
    ``x[i] = ...``, ``del x[i]``, ``x += ...``."""
    changed: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.attr in _MUTATORS:
            changed.add(node.func.value.id)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)) \
                and isinstance(node.value, ast.Name):
            changed.add(node.value.id)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            changed.add(node.target.id)
    return changed


def _own(body: Iterable[ast.AST]) -> list[ast.AST]:
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    stack = [n for n in body if not isinstance(n, nested)]
    out = []
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, nested))
    return out


def _is_creation(node: ast.AST) -> bool:
    func = node.func if isinstance(node, ast.Call) else None
    return isinstance(func, ast.Attribute) and func.attr == CREATE or isinstance(func, ast.Name) and func.id == CREATE


def is_factory(function: ast.AST) -> bool:
    """A top-level function that returns a list of the regions it creates (and nothing else): every
    ``return`` is ``[]`` or the one list ``L`` (``L = []`` once, otherwise only ``L.append(x)``), each
    ``x`` a name assigned in it only from ``create_shared_memory_region(...)``.  The per-file rule
    (`v1client.shmunregister`) checks the same shape on the libcst tree before it records anything."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or function.decorator_list:
        return False
    nodes = _own(function.body)
    if any(isinstance(n, (ast.Yield, ast.YieldFrom, ast.Global, ast.Nonlocal)) for n in nodes):
        return False
    returns = [n for n in nodes if isinstance(n, ast.Return)]
    lists = set()
    for ret in returns:
        if isinstance(ret.value, ast.List) and not ret.value.elts:
            continue
        if not isinstance(ret.value, ast.Name):
            return False
        lists.add(ret.value.id)
    if len(lists) != 1:
        return False
    name = lists.pop()
    stores: dict[str, list[ast.AST]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    stores.setdefault(target.id, []).append(node.value)
                    continue
                for t in ast.walk(target):  # ``a, b = ...``: every name it binds is not a creation alone
                    if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store):
                        stores.setdefault(t.id, []).append(node)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.With, ast.NamedExpr)):
            targets = [node.target] if not isinstance(node, ast.With) else [i.optional_vars for i in node.items]
            for target in targets:
                for t in ast.walk(target) if target is not None else ():
                    if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store):
                        stores.setdefault(t.id, []).append(node)
    made = stores.get(name, [])
    if len(made) != 1 or not (isinstance(made[0], ast.List) and not made[0].elts):
        return False
    appended = []
    for node in nodes:
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name:
            if node.attr != "append":
                return False
    for node in nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == name:
            if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Name):
                return False
            appended.append(node.args[0].id)
    if not appended:
        return False
    # the list itself is read only by its returns and appends (not passed, not indexed)
    reads = sum(1 for n in nodes if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load))
    if reads != len(appended) + len([r for r in returns if isinstance(r.value, ast.Name)]):
        return False
    args = function.args
    params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a}
    return all(x not in params and stores.get(x) and all(_is_creation(v) for v in stores[x]) for x in appended)


def registry_names_taken(tree: ast.Module) -> bool:
    """The module binds a name of the registry anywhere (its own ``_v1_unregister``, an earlier run's block):
    its factories export nothing, since a caller would call whatever that name is."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in REGISTRY_NAMES:
            return True
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in REGISTRY_NAMES:
            return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
                (a.asname or a.name).split(".")[0] in REGISTRY_NAMES for a in node.names):
            return True
    return False


def registry_call(node: ast.AST, param: str) -> bool:
    """``_v1_register(param, h)`` / ``_v1_unregister(param, h)``: the registry's functions (`shmregistry`) that
    call the V2 client's register / unregister methods on ``param``."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (REGISTER, UNREGISTER) \
        and len(node.args) == 2 and not node.keywords and isinstance(node.args[0], ast.Name) \
        and node.args[0].id == param


def module_ref(func_text: str) -> Optional[str]:
    """How a call that names a function through a module (``regions.make_regions``, ``su.f``) names the
    module; None for a bare name."""
    head, _, last = func_text.rpartition(".")
    return head if head and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", head) else None


def decide(index: Any) -> None:
    """Set ``shm_export`` / ``shm_params`` on the decisions of ``index`` (after `RunIndex.decide`)."""
    for key, decision in index.decisions.items():
        decision.shm_export = False
        decision.shm_params = {}
    for key, decision in index.decisions.items():
        fn = decision.function
        if not fn.shm_factory or key in index.reasons or decision.helper.path not in index.migrating \
                or decision.helper.shm_taken:
            continue
        if decision.keep or not any(s.receives for s in decision.sites):
            continue
        if any(s.path not in index.migrating for s in decision.sites):
            continue
        decision.shm_export = True
    # helper functions whose parameter receives, at every call, a list one of their module's factories made
    for key, decision in index.decisions.items():
        fn = decision.function
        if key in index.reasons or decision.keep or fn.local_calls or "." in fn.qualname \
                or decision.helper.path not in index.migrating:
            continue
        for param in fn.params:
            factories = set()
            for site in decision.sites:
                bound = site.bind(fn.params) or {}
                kind = bound.get(param, ("", None))[0]
                if not kind.startswith(MADE) or site.path not in index.migrating:
                    factories = set()
                    break
                module, _, qualname = kind[len(MADE):].rpartition(":")
                caller = index.modules.get(site.path)
                made_in = index.module(module, caller) if caller is not None else None
                export = index.decisions.get((made_in.path, qualname)) if made_in is not None else None
                if made_in is not decision.helper or export is None or not export.shm_export:
                    factories = set()
                    break
                factories.add(qualname)
            if len(factories) == 1:
                decision.shm_params[param] = factories.pop()


def view(index: Any, path: str, out: Any) -> None:
    """The shared-memory parts of ``path``'s `FileView`."""
    for decision in index.decisions.values():
        fn = decision.function
        if decision.helper.path == path:
            if getattr(decision, "shm_export", False):
                out.shm_export.add(fn.qualname)
            if getattr(decision, "shm_params", None):
                out.shm_params[fn.qualname] = dict(decision.shm_params)
        if getattr(decision, "shm_export", False):
            for site in decision.sites:
                ref = module_ref(site.func_text)
                if site.path == path and ref is not None:
                    out.shm_made[site.func_text] = ref
                    for helper in (REGISTER, UNREGISTER):  # they take the V2 client (the verifier's view)
                        out.passes[f"{ref}.{helper}"] = (("client", "handle"), frozenset({"client"}))


def check(index: Any, texts: dict[str, str], flipped: list) -> None:  # type: ignore[type-arg]
    """A caller that reads a helper module's registry (``ref._v1_unregister(...)``) while the helper's new
    text does not define it: the factory stays V1 (its decision flips, see `RunIndex.check`)."""
    for key, decision in index.decisions.items():
        if not getattr(decision, "shm_export", False) or key in flipped:
            continue
        helper = texts.get(decision.helper.path)
        defined = set(re.findall(r"^def (_v1_(?:un)?register)\(", helper or "", re.M))
        for site in decision.sites:
            ref = module_ref(site.func_text)
            text = texts.get(site.path) or ""
            if ref is None:
                continue
            wanted = set(re.findall(re.escape(ref) + r"\.(_v1_(?:un)?register)\(", text))
            if wanted - defined:
                index.reasons[key] = (f"{site.path} reads the regions it makes through {decision.helper.path}'s "
                                      f"registry, which that file does not define after the migration")
                flipped.append(key)
                break
