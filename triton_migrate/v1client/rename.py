"""A generic, table-driven module rename for Python code (libcst).

Given ``{old module: new module}`` it rewrites every import form (plain,
aliased, dotted, from-import, star import, inside functions and ``try``
blocks), the attribute chains that reach a renamed module through a dotted
import, and keyword arguments renamed in the new home.  It only edits what
it can prove comes from an old module: names are resolved with libcst's
scope analysis, and names arriving through a star import are resolved from
the module's known exports.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Optional, Union

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import PositionProvider, QualifiedNameProvider, ScopeProvider

from triton_migrate.analysis.resolve import module_level_statements

if TYPE_CHECKING:
    from triton_migrate.context import FileContext


def dotted(name: str) -> Union[cst.Name, cst.Attribute]:
    """Build ``a.b.c`` as a libcst expression."""
    parts = name.split(".")
    node: Union[cst.Name, cst.Attribute] = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def lookup(renames: Mapping[str, str], module: str) -> Optional[str]:
    """The new name of ``module`` (or of its longest renamed parent)."""
    if module in renames:
        return renames[module]
    parts = module.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in renames:
            return renames[prefix] + "." + ".".join(parts[cut:])
    return None


class ModuleRenamer(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider)

    def __init__(
        self,
        ctx: FileContext,
        renames: Mapping[str, str],
        *,
        keywords: Mapping[str, Mapping[str, str]] | None = None,
        star_exports: Mapping[str, frozenset[str]] | None = None,
        what: str = "module",
        since: str = "",
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.renames = renames
        self.keywords = keywords or {}
        self.star_exports = star_exports or {}
        self.what = what
        self.since = f" (since {since})" if since else ""
        # Dotted imports without alias whose attribute chains must follow.
        self.dotted_imports: dict[str, str] = {}
        # Local names bound by ``import old as x`` (or ``import old``) -> old module.
        self.module_aliases: dict[str, str] = {}
        self.star_modules: list[str] = []

    # -- helpers ----------------------------------------------------------
    def _pos(self, node: cst.CSTNode) -> tuple[int, int, int, int]:
        rng = self.get_metadata(PositionProvider, node)
        return rng.start.line, rng.start.column, rng.end.line, rng.end.column

    def _record(self, node: cst.CSTNode, old: str, new: str, message: str | None = None) -> bool:
        line, col, end_line, end_col = self._pos(node)
        return self.ctx.report(
            line=line, column=col, end_line=end_line, end_column=end_col,
            severity="info", applied=True, v1=old, replacement=new,
            message=message or f"`{old}` is now `{new}`{self.since}.",
        )

    # -- imports ----------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        # Star imports are only legal at module level (in its blocks too).
        for small in module_level_statements(node.body):
            if isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar) and not small.relative:
                module = get_full_name_for_node(small.module) if small.module else None
                if module:
                    self.star_modules.append(module)

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        names = []
        changed = False
        for alias, new_alias in zip(original.names, updated.names):
            old = get_full_name_for_node(alias.name) or ""
            new = lookup(self.renames, old)
            if new is None or not self._record(alias, old, new):
                names.append(new_alias)
                continue
            changed = True
            if alias.asname is not None:
                names.append(new_alias.with_changes(name=dotted(new)))
                self.module_aliases[get_full_name_for_node(alias.asname.name) or ""] = old
            elif "." not in old:
                # ``import tritonhttpclient`` -> ``import tritonclient.http as tritonhttpclient``:
                # every use of the name keeps working unchanged.
                names.append(new_alias.with_changes(
                    name=dotted(new), asname=cst.AsName(name=cst.Name(old))))
                self.module_aliases[old] = old
            else:
                names.append(new_alias.with_changes(name=dotted(new)))
                self.dotted_imports[old] = new
        return updated.with_changes(names=names) if changed else updated

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        if original.relative or original.module is None:
            return updated
        module = get_full_name_for_node(original.module) or ""
        new_module = lookup(self.renames, module)
        if isinstance(original.names, cst.ImportStar):
            if new_module and self._record(original, module, new_module):
                return updated.with_changes(module=dotted(new_module))
            return updated
        # ``from pkg import submodule`` where only pkg.submodule is renamed.
        member_targets = {
            alias: lookup(self.renames, f"{module}.{get_full_name_for_node(alias.name)}")
            for alias in original.names
        }
        if new_module is None:
            parents = {t.rsplit(".", 1)[0] for t in member_targets.values() if t}
            if len(parents) != 1 or not all(member_targets.values()):
                return updated
            new_module = parents.pop()
        if not self._record(original, module, new_module):
            return updated
        names = []
        for alias, new_alias in zip(original.names, updated.names):  # type: ignore[arg-type]
            target = member_targets[alias]
            local = get_full_name_for_node(alias.name) or ""
            if target and target.rsplit(".", 1)[0] == new_module:
                new_local = target.rsplit(".", 1)[1]
                if new_local != local:
                    asname = alias.asname or cst.AsName(name=cst.Name(local))
                    new_alias = new_alias.with_changes(name=cst.Name(new_local), asname=asname)
            names.append(new_alias)
        return updated.with_changes(module=dotted(new_module), names=names)

    # -- uses -------------------------------------------------------------
    def _qualified(self, node: cst.CSTNode) -> set[str]:
        try:
            return {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
        except KeyError:
            return set()

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        full = get_full_name_for_node(original)
        if not full:
            return updated
        if full in self.dotted_imports and full in self._qualified(original):
            new = self.dotted_imports[full]
            if self._record(original, full, new):
                return dotted(new)
            return updated
        # ``alias.old_member`` where the member moved under a new name.
        base = get_full_name_for_node(original.value)
        if base in self.module_aliases and isinstance(original.value, cst.Name):
            old_module = self.module_aliases[base]
            member = f"{old_module}.{original.attr.value}"
            if member in self.renames and f"{old_module}.{original.attr.value}" in self._qualified(original):
                target = self.renames[member]
                parent, leaf = target.rsplit(".", 1)
                if parent == self.renames.get(old_module) and leaf != original.attr.value:
                    if self._record(original, full, f"{base}.{leaf}"):
                        return updated.with_changes(attr=cst.Name(leaf))
        return updated

    def _function_names(self, func: cst.BaseExpression) -> set[str]:
        names = self._qualified(func)
        if not names and isinstance(func, cst.Name):
            scope = self.get_metadata(ScopeProvider, func, None)
            unbound = scope is not None and func.value not in scope
            if unbound:
                for module in self.star_modules:
                    if func.value in self.star_exports.get(module, ()):
                        names.add(f"{module}.{func.value}")
        return names

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        if not self.keywords or not any(arg.keyword for arg in original.args):
            return updated
        for name in self._function_names(original.func):
            renames = self.keywords.get(name)
            if not renames:
                continue
            args = []
            changed = False
            for arg, new_arg in zip(original.args, updated.args):
                if arg.keyword is not None and arg.keyword.value in renames:
                    new_kw = renames[arg.keyword.value]
                    if self._record(arg, arg.keyword.value, new_kw,
                                    f"Keyword `{arg.keyword.value}=` of `{name.rsplit('.', 1)[-1]}` is now `{new_kw}=`."):
                        new_arg = new_arg.with_changes(keyword=cst.Name(new_kw))
                        changed = True
                args.append(new_arg)
            return updated.with_changes(args=args) if changed else updated
        return updated
