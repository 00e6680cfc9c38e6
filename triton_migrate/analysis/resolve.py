"""Prove that a Python name or attribute chain comes from the V1 client API.

Resolution uses libcst's QualifiedNameProvider (plain, aliased and nested
imports, module attributes) and falls back, for a name unbound in its scope,
to the exports of a star-imported V1 module, as `pyrename` does.
"""
from __future__ import annotations

from typing import Iterator, Optional, Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import Assignment, ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from triton_migrate.data.v1_client_api import PUBLIC_NAMES, V1_API


def module_level_statements(body: Sequence[cst.BaseStatement]) -> Iterator[cst.BaseSmallStatement]:
    """The small statements that run at module level: the module's own and those in its ``if`` / ``try`` /
    ``with`` / loop blocks (``try: from tensorrtserver.api import * except ImportError: ...``), not in
    function or class bodies."""
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            yield from stmt.body
        elif isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            continue
        elif isinstance(stmt, cst.BaseCompoundStatement):
            blocks = [stmt.body]
            for field in ("orelse", "finalbody"):
                extra = getattr(stmt, field, None)
                if extra is not None:
                    blocks.append(extra.body if isinstance(extra, (cst.Else, cst.Finally)) else extra)
            blocks.extend(handler.body for handler in getattr(stmt, "handlers", ()))
            for block in blocks:
                if isinstance(block, cst.If):  # ``elif``
                    yield from module_level_statements([block])
                elif isinstance(block, cst.IndentedBlock):
                    yield from module_level_statements(block.body)
                elif isinstance(block, cst.SimpleStatementSuite):
                    yield from block.body


def star_modules(module: cst.Module) -> set[str]:
    """Modules star-imported at module level (the only place it is legal; in its blocks too)."""
    found = set()
    for small in module_level_statements(module.body):
        if isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar) \
                and not small.relative and small.module is not None:
            found.add(get_full_name_for_node(small.module) or "")
    return found


class _ImportedNames(cst.CSTVisitor):
    """Local names bound by an import of a ``tensorrtserver`` module, anywhere in the file."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            full = get_full_name_for_node(alias.name) or ""
            if full.split(".", 1)[0] == "tensorrtserver":
                bound = alias.asname.name if alias.asname else alias.name
                self.names.add((get_full_name_for_node(bound) or "").split(".", 1)[0])
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        module = get_full_name_for_node(node.module) if node.module and not node.relative else ""
        if (module or "").split(".", 1)[0] == "tensorrtserver" and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                bound = alias.asname.name if alias.asname else alias.name
                self.names.add(get_full_name_for_node(bound) or "")
        return False


# id of a top-level statement -> (the statement, the names its imports of tensorrtserver bind), for the
# module read last: each rule makes a resolver, and the next text version keeps most statements as the
# very same nodes (`triton_migrate.analysis.reparse`).
_IMPORTED: dict[int, tuple[cst.CSTNode, frozenset[str]]] = {}


def imported_names(module: cst.Module) -> set[str]:
    """The local names bound by an import of a ``tensorrtserver`` module anywhere in ``module``."""
    names: set[str] = set()
    kept: dict[int, tuple[cst.CSTNode, frozenset[str]]] = {}
    for stmt in module.body:
        found = _IMPORTED.get(id(stmt))
        if found is None or found[0] is not stmt:
            finder = _ImportedNames()
            stmt.visit(finder)
            found = (stmt, frozenset(finder.names))
        kept[id(stmt)] = found
        names |= found[1]
    _IMPORTED.clear()
    _IMPORTED.update(kept)
    return names


def forget() -> None:
    """Drop the statements kept (the carrier calls it when a file is done)."""
    _IMPORTED.clear()


class V1Resolver:
    """Resolves nodes of one MetadataWrapper to names inside `tensorrtserver.api`."""

    def __init__(self, visitor: cst.MetadataDependent, module: cst.Module) -> None:
        self.visitor = visitor
        self.star = V1_API in star_modules(module)
        # Only a chain whose head is one of these names can resolve to V1, so
        # every other name skips the qualified-name query, which libcst answers
        # in time proportional to the name's assignments (quadratic on a file
        # that assigns one name thousands of times).
        self.candidates = imported_names(module) | (set(PUBLIC_NAMES) if self.star else set())

    def scope(self, node: cst.CSTNode) -> Optional[cst.metadata.Scope]:
        return self.visitor.get_metadata(ScopeProvider, node, None)

    def v1_name(self, node: cst.CSTNode) -> Optional[str]:
        """``"InferContext.ResultFormat.RAW"`` for a node naming that V1 thing, else None."""
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return None
        head = node
        while isinstance(head, cst.Attribute):
            head = head.value
        if not isinstance(head, cst.Name) or head.value not in self.candidates:
            return None
        try:
            qualified = self.visitor.get_metadata(QualifiedNameProvider, node, set())
        except KeyError:
            qualified = set()
        for q in qualified:
            if q.name.startswith(V1_API + "."):
                return q.name[len(V1_API) + 1:]
        full = get_full_name_for_node(node)
        if not full or not self.star or qualified:
            return None
        head = full.split(".", 1)[0]
        if head not in PUBLIC_NAMES:
            return None
        scope = self.scope(node)
        if scope is None or head in scope:
            return None
        return full

    def is_v1(self, node: cst.CSTNode, name: str) -> bool:
        return self.v1_name(node) == name


def assignments_of(visitor: cst.MetadataDependent, node: cst.CSTNode, name: str) -> Optional[list[Assignment]]:
    """The assignments of ``name`` in the libcst scope of ``node`` (None when that scope is unknown, libcst
    cannot answer, or one of them is not a plain assignment: an import, a builtin)."""
    scope = visitor.get_metadata(ScopeProvider, node, None)
    if scope is None:
        return None
    try:
        found = list(scope.assignments[name])
    except Exception:  # noqa: BLE001 - libcst raises on odd scopes
        return None
    return found if all(isinstance(a, Assignment) for a in found) else None


def single_assignment(visitor: cst.MetadataDependent, name: cst.Name) -> Optional[cst.CSTNode]:
    """The target node of the only assignment of ``name`` visible where it is used."""
    scope = visitor.get_metadata(ScopeProvider, name, None)
    if scope is None:
        return None
    try:
        assignments = scope[name.value]
    except Exception:  # noqa: BLE001 - libcst raises on odd scopes
        return None
    if len(assignments) == 1:
        only = next(iter(assignments))
        return only.node if isinstance(only, Assignment) else None
    # Several assignments in this one scope (``ctx = A(...)`` ... ``ctx = B(...)``): the
    # nearest one before the use, read as straight-line code.  The verifier
    # (pyverify) reads the output the same way and rolls back what does not hold.
    if not all(isinstance(a, Assignment) and a.scope is scope for a in assignments):
        return None
    try:
        where = visitor.get_metadata(PositionProvider, name)
        before = []
        for a in assignments:
            at = visitor.get_metadata(PositionProvider, a.node).start
            if (at.line, at.column) < (where.start.line, where.start.column):
                before.append(((at.line, at.column), a.node))
    except KeyError:
        return None
    return max(before, key=lambda item: item[0])[1] if before else None


def code(module: cst.Module, node: cst.CSTNode) -> str:
    return module.code_for_node(node)


def bind_arguments(call: cst.Call, params: tuple[str, ...]) -> Optional[dict[str, cst.BaseExpression]]:
    """Map a call's arguments to parameter names; None with *args, **kwargs or unknown keywords."""
    bound: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if index >= len(params):
                return None
            bound[params[index]] = arg.value
        elif arg.keyword.value in params:
            bound[arg.keyword.value] = arg.value
        else:
            return None
    return bound


def literal_string(node: Optional[cst.CSTNode]) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def literal_int(node: Optional[cst.CSTNode]) -> Optional[int]:
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) \
            and isinstance(node.expression, cst.Integer):
        return -int(node.expression.value, 0)
    return None


def walk(node: cst.CSTNode):  # type: ignore[no-untyped-def]
    """``node`` and every node below it, in reading order (no metadata needed)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def within(node: cst.CSTNode, block: cst.CSTNode) -> bool:
    return any(n is node for n in walk(block))


def in_other_loop(visitor: cst.MetadataDependent, node: cst.CSTNode, name: str, loop: cst.For) -> bool:
    """``node`` reads ``name`` in the body of another ``for`` whose target binds it (a loop variable reused)."""
    from libcst.metadata import ParentNodeProvider

    parent = visitor.get_metadata(ParentNodeProvider, node, None)
    while parent is not None:
        if isinstance(parent, cst.For) and parent is not loop \
                and any(isinstance(n, cst.Name) and n.value == name for n in walk(parent.target)):
            return within(node, parent.body)
        parent = visitor.get_metadata(ParentNodeProvider, parent, None)
    return False


def accesses(scope, name: str) -> list:  # type: ignore[no-untyped-def]
    """Every read of ``name`` bound in ``scope``: in the scope itself and in nested scopes (functions,
    lambdas, comprehensions) that see it."""
    found = {id(a): a for a in scope.accesses[name]}
    for assignment in scope.assignments[name]:
        for access in getattr(assignment, "references", ()):
            found.setdefault(id(access), access)
    return list(found.values())


def _block_of(rewriter: cst.MetadataDependent, node: cst.CSTNode) -> Optional[cst.CSTNode]:
    parent = rewriter.get_metadata(ParentNodeProvider, node, None)
    while parent is not None and not isinstance(parent, (cst.IndentedBlock, cst.Module)):
        parent = rewriter.get_metadata(ParentNodeProvider, parent, None)
    return parent


def branched(rewriter: cst.MetadataDependent, handle: cst.BaseExpression) -> bool:
    """``handle`` is a name whose nearest assignment before this use may not be the one that reaches it."""
    if not isinstance(handle, cst.Name):
        return False
    scope = rewriter.get_metadata(ScopeProvider, handle, None)
    try:
        if scope is None or len(scope[handle.value]) < 2:
            return False
    except Exception:  # noqa: BLE001 - libcst raises on odd scopes
        return False
    nearest = single_assignment(rewriter, handle)
    block = _block_of(rewriter, nearest) if nearest is not None else None
    return block is None or not within(handle, block)
