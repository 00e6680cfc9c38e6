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
        decision.shm_guards = {}
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
            exports = []
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
                exports.append((site, export))
            if len(factories) != 1:
                continue
            factory = exports[0][1].function
            if factory.shm_guard is not None:
                # its indices must be the factory's: the list is only read (``H[k]``) there, never changed or passed on
                guard = guard_matches(fn, param, factory, exports) if param in fn.shm_read_only else None
                if guard is None:
                    continue  # its unregisters may meet a region a caller made: they stay V1, reported
                decision.shm_guards[param] = (guard, factory.shm_guard[1])
            decision.shm_params[param] = factories.pop()


def view(index: Any, path: str, out: Any) -> None:
    """The shared-memory parts of ``path``'s `FileView`."""
    for decision in index.decisions.values():
        fn = decision.function
        if decision.helper.path == path:
            if getattr(decision, "shm_export", False):
                out.shm_export.add(fn.qualname)
                if fn.shm_guard is not None:
                    out.shm_guarded.add(fn.qualname)
            if getattr(decision, "shm_params", None):
                out.shm_params[fn.qualname] = dict(decision.shm_params)
            if getattr(decision, "shm_guards", None):
                out.shm_guards[fn.qualname] = dict(decision.shm_guards)
        if getattr(decision, "shm_export", False):
            for site in decision.sites:
                ref = module_ref(site.func_text)
                if site.path == path and ref is not None:
                    out.shm_made[site.func_text] = ref
                    if fn.shm_guard is not None:  # only L[k], k < K, is surely a region the factory created
                        out.shm_made_prefix[site.func_text] = fn.shm_guard[1]
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
    # a guarded factory whose list reaches a function that stays V1 (its unregisters by handle of that list
    # could not all be proven): the regions it hands out would be V2 regions in V1 calls; it stays V1 too
    grew = True
    while grew:
        grew = False
        for key, decision in index.decisions.items():
            fn = decision.function
            if fn.shm_guard is None or key in flipped or not getattr(decision, "shm_export", False):
                continue
            made = f"{MADE}"
            for other_key, other in index.decisions.items():
                if other_key not in flipped:
                    continue
                if any(kind.startswith(made) and kind.endswith(":" + fn.qualname)
                       for site in other.sites for kind, _line in (site.bind(other.function.params) or {}).values()):
                    index.reasons[key] = (f"the regions it returns reach `{other.function.qualname}()` of "
                                          f"{other.helper.path}, which stays V1")
                    flipped.append(key)
                    grew = True
                    break
    # a helper that passes its own ProtocolType parameter on to a factory kept so stays V1 with it (else its
    # callers would hand it client modules that it hands on to V1 contexts); and so on up the chain
    chain = [k for k in flipped if index.decisions[k].function.shm_guard is not None]
    while chain:
        key = chain.pop()
        decision = index.decisions[key]
        for site in decision.sites:
            caller = index.decisions.get((site.path, site.caller))
            if caller is None or (site.path, site.caller) in flipped:
                continue
            bound = site.bind(decision.function.params) or {}
            if any(kind.startswith("param:") and kind[6:] in caller.convert for kind, _line in bound.values()):
                index.reasons[(site.path, site.caller)] = (f"it passes its ProtocolType on to `{decision.function.qualname}()` "
                                                           f"of {decision.helper.path}, which stays V1")
                flipped.append((site.path, site.caller))
                chain.append((site.path, site.caller))


# ---------------------------------------------------------------------------------------------------------------
# Guarded factories: the list also holds regions a parameter brings (``precreated[i]``), only when it is not None.
#
#     def create_regions(names, precreated):           def cleanup(handles, precreated):
#         handles = []                                     control.unregister(handles[0])      # index < K
#         ip = shm.create_shared_memory_region(...)        if precreated is None:
#         handles.extend([ip])                                 control.unregister(handles[1])  # guarded
#         if precreated is None:
#             op = shm.create_shared_memory_region(...)
#         else:
#             op = precreated[0]
#         handles.append(op)
#         return handles
#
# ``guarded_factory`` gives (P, K): entries the factory did not create come only from ``P[...]``, assigned only
# under ``else`` of ``if P is None`` (P never rebound), and the first K entries are always created (each append
# of a possibly foreign item has, earlier in its own block, ``L.extend([c1, ..., cK])`` of created names only).
# A cleanup converts ``unregister(H[k])`` (literal k < K) and ``unregister(H[...])`` inside ``if G is None:``
# where every call passes for G the same value (a parameter of the caller, never rebound, or None) as the call
# that made H passed for P (`decide`, `guard_matches`).
# ---------------------------------------------------------------------------------------------------------------

def _is_none_test(test: ast.AST, name: str) -> bool:
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == name \
        and len(test.ops) == 1 and isinstance(test.ops[0], ast.Is) and len(test.comparators) == 1 \
        and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None


def _parents(function: ast.AST) -> dict[int, ast.AST]:
    parents: dict[int, ast.AST] = {}
    for node in _own([function]) if False else ast.walk(function):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return parents


def _params_of(function: ast.AST) -> set[str]:
    args = function.args  # type: ignore[attr-defined]
    return {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a}


def _bound(nodes: list[ast.AST]) -> dict[str, list[ast.AST]]:
    """name -> the statements that bind it (``x = v`` gives the value ``v``; any other binding gives the node)."""
    stores: dict[str, list[ast.AST]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            stores.setdefault(node.targets[0].id, []).append(node.value)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            stores.setdefault(node.id, []).append(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                stores.setdefault((alias.asname or alias.name).split(".")[0], []).append(node)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                stores.setdefault(name, []).append(node)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            stores.setdefault(node.name, []).append(node)
    for node in nodes:  # the Name targets of single ``x = v`` were counted twice: drop the Name entries
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            stores[node.targets[0].id] = [s for s in stores[node.targets[0].id] if s is not node.targets[0]]
    return stores


def guarded_factory(function: ast.AST) -> Optional[tuple[str, int]]:
    """(P, K) for a factory whose list also holds ``P[...]`` entries, only when ``P is not None``; None otherwise."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or function.decorator_list:
        return None
    nodes = _own(function.body)
    if any(isinstance(n, (ast.Yield, ast.YieldFrom, ast.Global, ast.Nonlocal, ast.Lambda)) for n in nodes):
        return None
    returns = [n for n in nodes if isinstance(n, ast.Return)]
    lists = {r.value.id for r in returns if isinstance(r.value, ast.Name)}
    if len(lists) != 1 or any(not isinstance(r.value, ast.Name) and not (isinstance(r.value, ast.List)
                                                                        and not r.value.elts) for r in returns):
        return None
    name = lists.pop()
    stores = _bound(nodes)
    made = stores.get(name, [])
    if len(made) != 1 or not (isinstance(made[0], ast.List) and not made[0].elts) \
            or not any(isinstance(s, ast.Assign) and s.value is made[0] for s in function.body):
        return None
    params = _params_of(function)
    parents = _parents(function)
    growth: list[tuple[ast.Expr, list[str]]] = []  # (statement, the names it adds)
    reads = 0
    for node in nodes:
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            reads += 1
            attr = parents.get(id(node))
            if isinstance(attr, ast.Return):
                continue
            call = parents.get(id(attr))
            stmt = parents.get(id(call))
            if not (isinstance(attr, ast.Attribute) and attr.attr in ("append", "extend") and isinstance(call, ast.Call)
                    and call.func is attr and len(call.args) == 1 and not call.keywords and isinstance(stmt, ast.Expr)):
                return None
            arg = call.args[0]
            if attr.attr == "append" and isinstance(arg, ast.Name):
                growth.append((stmt, [arg.id]))
            elif attr.attr == "extend" and isinstance(arg, ast.List) and arg.elts \
                    and all(isinstance(e, ast.Name) for e in arg.elts):
                growth.append((stmt, [e.id for e in arg.elts]))  # type: ignore[attr-defined]
            else:
                return None
    if not growth:
        return None
    guard: Optional[str] = None
    foreign: set[str] = set()
    for stmt, items in growth:
        for item in items:
            if item in params or not stores.get(item):
                return None
            for value in stores[item]:
                if _is_creation(value):
                    continue
                if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name)
                        and value.value.id in params):
                    return None
                p = value.value.id
                if guard not in (None, p):
                    return None
                guard = p
                # ``x = P[...]`` only under ``else`` of ``if P is None``
                assign = parents.get(id(value))
                holder, child = parents.get(id(assign)), assign
                while holder is not None and not (isinstance(holder, ast.If) and _is_none_test(holder.test, p)
                                                  and child in holder.orelse):
                    holder, child = parents.get(id(holder)), holder
                if holder is None:
                    return None
                foreign.add(item)
    if guard is None or stores.get(guard):
        return None  # nothing foreign (`is_factory`'s business), or P is rebound
    prefix: Optional[int] = None
    for stmt, items in growth:
        if not foreign & set(items):
            continue
        best = 0
        here: ast.AST = stmt
        while here is not function:  # earlier statements of its block, and of each block around it, ran first
            block = parents.get(id(here))
            if block is None:
                return None
            siblings = next((getattr(block, f) for f in ("body", "orelse", "finalbody", "handlers")
                             if here in getattr(block, f, [])), None)
            if siblings is not None:
                for earlier in siblings[:siblings.index(here)]:
                    for s, names in growth:
                        if s is earlier and s.value.func.attr == "extend" \
                                and not foreign & set(names):  # type: ignore[attr-defined]
                            best = max(best, len(names))
            here = block
        prefix = best if prefix is None else min(prefix, best)
    return (guard, prefix or 0)


def none_guards(function: ast.AST) -> frozenset[str]:
    """Parameters of ``function`` never rebound in it and tested by ``if P is None:``."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return frozenset()
    nodes = _own(function.body)
    stores = _bound(nodes)
    params = _params_of(function)
    return frozenset(p for p in params if not stores.get(p) and any(
        isinstance(n, ast.If) and _is_none_test(n.test, p) for n in nodes))


def guard_matches(cleanup: Any, param: str, factory: Any, exports: list) -> Optional[str]:  # type: ignore[type-arg]
    """The parameter G of ``cleanup`` (``if G is None:``) that every call passes as the call that made its
    ``param`` list passed for the factory's guard P: None both times, or the same parameter of the caller
    (never rebound there). None when no such G."""
    guard_param = factory.shm_guard[0]
    for g in sorted(cleanup.none_guards - {param}):
        for site, export in exports:
            tokens = site.bind_tokens(cleanup.params) or {}
            made = tokens.get(param, "")
            if not made.startswith("made@"):
                break
            making = [s for s in export.sites if s.path == site.path and f"{s.line}:{s.col}" == made[5:]]
            if len(making) != 1 or making[0].caller != site.caller:
                break
            given = (making[0].bind_tokens(factory.params) or {}).get(guard_param, "")
            if not (given == "None" or given.startswith("name:") and tokens.get(g) == given):
                break
        else:
            return g
    return None


def unregisters_param(function: ast.AST) -> bool:
    """``x.unregister(P[...])`` in ``function``, P one of its parameters (a cleanup of a factory's list)."""
    params = _params_of(function)
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "unregister"
               and len(n.args) == 1 and isinstance(n.args[0], ast.Subscript) and isinstance(n.args[0].value, ast.Name)
               and n.args[0].value.id in params for n in _own(function.body))  # type: ignore[attr-defined]


def items_read_only(function: ast.AST) -> frozenset[str]:
    """Parameters that ``function`` never rebinds and reads only as ``P[...]`` (no call on them, not passed on,
    no item stored or deleted): their indices are those of the value the caller passed."""
    nodes = _own(function.body)
    stores = _bound(nodes)
    parents = _parents(function)
    out = set()
    for p in _params_of(function):
        if stores.get(p):
            continue
        uses = [n for n in nodes if isinstance(n, ast.Name) and n.id == p]
        if all(isinstance(parents.get(id(n)), ast.Subscript) and parents[id(n)].value is n  # type: ignore[attr-defined]
               and isinstance(parents[id(n)].ctx, ast.Load) for n in uses):  # type: ignore[attr-defined]
            out.add(p)
    return frozenset(out)
