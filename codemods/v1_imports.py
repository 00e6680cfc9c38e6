"""Import what the migrated code uses and drop the V1 client imports it no longer needs.

## What it does
Runs after the other V1 client rules.  When no name of `tensorrtserver.api`
is used any more (other than `InferenceServerException`, which moves to
`tritonclient.utils`), it removes the `tensorrtserver.api` imports (every
form: star, from-import, aliased, inside functions and `try` blocks).  It then
adds the imports the generated code needs and the file does not have:
`import numpy as np`, `import tritonclient.grpc as grpcclient`,
`import tritonclient.http as httpclient` and
`from tritonclient.utils import InferenceServerException, np_to_triton_dtype, serialize_byte_tensor`
(only the names used), where the first V1 import was, or after the last
module-level import.  While some V1 name is still used, the V1 imports stay
and `v1_client_api` reports them.

The V1 protobuf module `model_config_pb2` is still in V2, under
`tritonclient.grpc` (the same messages, fields and enum values): its imports
that bind a name (`from tensorrtserver.api import model_config_pb2 as mc`,
`import tensorrtserver.api.model_config_pb2 as mc`,
`from tensorrtserver.api.model_config_pb2 import ModelConfig`) are moved there
with the rest of the file, so the code that uses the name is unchanged.  While
another V1 name stays in the file they stay too (a V1 object's messages are
V1 messages, and the two modules' classes do not mix).

A module-level `import tensorrtserver.api.<module> as <name>` whose name
nothing in the file reads (`server_status_pb2 as server_status`, imported and
never used) is removed even while other V1 names stay, except in a package's
`__init__.py` (it may re-export the name).

An unused `from tensorrtserver.api import *` in a package's `__init__.py` is
kept and reported: it may re-export the V1 API to the package's other modules,
which would lose every name with it.

## Why
A migrated file must run with only `tritonclient` (and what it used before)
installed; the V1 wheel needs OpenSSL 1.1 and a V1 server.

## Example
```python
# before
from tensorrtserver.api import *
# after
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException
```
"""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Union

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import (
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from triton_migrate.data.grpc_v1_v2 import MODULES as GRPC_MODULES
from triton_migrate.data.v1_client_api import (
    GRPC_MODULE,
    HTTP_MODULE,
    UTILS_MODULE,
    UTILS_NAMES,
    V1_API,
)
from triton_migrate import crossfile
from triton_migrate.analysis import astcache
from triton_migrate.analysis.cstwalk import known_code, known_text
from triton_migrate.analysis.metadata import wrap_transformed
from triton_migrate.analysis.resolve import V1Resolver
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Add the tritonclient / numpy imports the migrated code uses; remove unused tensorrtserver.api imports",
    carriers=("python", "notebook"),
    fix="safe",
    needles=(b"tensorrtserver", b"httpclient", b"grpcclient"),
    order=80,
    doc=__doc__ or "",
)

MOVED = {"InferenceServerException"}
MODULE_IMPORTS = {"concurrent": "import concurrent.futures", "threading": "import threading", "weakref": "import weakref",
                  "np": "import numpy as np", HTTP_MODULE[1]: f"import {HTTP_MODULE[0]} as {HTTP_MODULE[1]}",
                  GRPC_MODULE[1]: f"import {GRPC_MODULE[0]} as {GRPC_MODULE[1]}"}


def _is_v1_import(node: Union[cst.Import, cst.ImportFrom, cst.ImportAlias]) -> bool:
    if isinstance(node, cst.ImportAlias):
        name = get_full_name_for_node(node.name) or ""
        return name == V1_API or name.startswith(V1_API + ".")
    if isinstance(node, cst.ImportFrom):
        module = get_full_name_for_node(node.module) if node.module and not node.relative else ""
        if module == V1_API or (module or "").startswith(V1_API + "."):
            return True
        return module == "tensorrtserver" and not isinstance(node.names, cst.ImportStar) and \
            all(get_full_name_for_node(a.name) == "api" for a in node.names)
    return any(_is_v1_import(a) for a in node.names)


class _Usage(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (QualifiedNameProvider, ScopeProvider, ParentNodeProvider, PositionProvider)

    def __init__(self, module: cst.Module) -> None:
        super().__init__()
        self.resolver = V1Resolver(self, module)
        self.v1_left: list[str] = []
        self.needed: set[str] = set()
        self.v1_imports: list[tuple[int, int]] = []  # (line, column) of each V1 import statement
        self.v1_stars: list[tuple[int, int]] = []  # the same, of `from tensorrtserver.api import *`
        self.keep_stars = False  # the star imports stay (a package's __init__.py)

    def _import(self, node: Union[cst.Import, cst.ImportFrom]) -> bool:
        if _is_v1_import(node):
            position = self.get_metadata(PositionProvider, node).start
            self.v1_imports.append((position.line, position.column))
            if isinstance(node, cst.ImportFrom) and isinstance(node.names, cst.ImportStar):
                self.v1_stars.append((position.line, position.column))
        return False

    visit_Import = visit_ImportFrom = _import

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        name = self.resolver.v1_name(node)
        if name is not None:
            self.v1_left.append(name)
            return False
        return True

    def visit_Name(self, node: cst.Name) -> None:
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.Attribute) and parent.attr is node:
            return
        name = self.resolver.v1_name(node)
        if name in MOVED:
            self.needed.add(name)
        elif name is not None:
            self.v1_left.append(name)
        elif node.value in MODULE_IMPORTS or node.value in UTILS_NAMES:
            scope = self.get_metadata(ScopeProvider, node, None)
            if scope is not None and node.value not in scope:
                self.needed.add(node.value)


class _Imports(cst.CSTTransformer):
    def __init__(self, ctx: FileContext, usage: _Usage, remove: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.usage = usage
        self.remove = remove
        self.placed = False
        self.blocks: list[cst.CSTNode] = []
        self.block_has_more = True

    def removable(self, node: cst.BaseSmallStatement) -> bool:
        if not isinstance(node, (cst.Import, cst.ImportFrom)) or not _is_v1_import(node):
            return False
        return not (self.usage.keep_stars and isinstance(node, cst.ImportFrom) and isinstance(node.names, cst.ImportStar))

    def new_imports(self) -> list[cst.SimpleStatementLine]:
        lines = [MODULE_IMPORTS[n] for n in ("concurrent", "threading", "weakref", "np", GRPC_MODULE[1], HTTP_MODULE[1]) if n in self.usage.needed]
        utils = [n for n in UTILS_NAMES if n in self.usage.needed]
        if utils:
            lines.append(f"from {UTILS_MODULE} import {', '.join(utils)}")
        return [cst.parse_statement(line) for line in lines]  # type: ignore[misc]

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine):  # type: ignore[no-untyped-def]
        if not self.remove or not any(self.removable(s) for s in original.body):
            return updated
        body = []
        for small in updated.body:
            if isinstance(small, cst.ImportFrom) and self.removable(small):
                continue
            if isinstance(small, cst.Import) and _is_v1_import(small):
                names = [a for a in small.names if not _is_v1_import(a)]
                if not names:
                    continue
                names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                small = small.with_changes(names=names)
            body.append(small)
        replacement: list[cst.BaseStatement] = []
        if not self.placed and not isinstance(self.get_parent_block(), cst.IndentedBlock):
            replacement = list(self.new_imports())
            self.placed = True
            if replacement:
                replacement[0] = replacement[0].with_changes(leading_lines=updated.leading_lines)
        if body:
            replacement.append(updated.with_changes(body=body))
        elif not replacement:
            return cst.RemovalSentinel.REMOVE if not isinstance(self.get_parent_block(), cst.IndentedBlock) \
                or self.block_has_more else cst.SimpleStatementLine([cst.Pass()])
        return cst.FlattenSentinel(replacement) if replacement else cst.RemovalSentinel.REMOVE

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.blocks.append(node)
        self.block_has_more = sum(1 for s in node.body if not (isinstance(s, cst.SimpleStatementLine) and any(
            self.removable(x) for x in s.body))) > 0

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
        self.blocks.pop()
        return updated

    def get_parent_block(self) -> cst.CSTNode | None:
        return self.blocks[-1] if self.blocks else None

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if self.placed:
            return updated
        new = self.new_imports()
        if not new:
            return updated
        body = list(updated.body)
        last = -1
        for index, stmt in enumerate(body):
            if isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body):
                last = index
            elif index > last + 1 and last >= 0:
                break
        if last < 0:
            last = 1 if body and isinstance(body[0], cst.SimpleStatementLine) and isinstance(body[0].body[0], cst.Expr) \
                and isinstance(body[0].body[0].value, (cst.SimpleString, cst.ConcatenatedString)) else -1
            last = last if last >= 0 else -1
        insert_at = last + 1
        return updated.with_changes(body=body[:insert_at] + new + body[insert_at:])


# V1 submodules that V2 still has, under another package (tests/data/test_v1_client_api.py checks
# each against the installed tritonclient).
MOVED_MODULES = {m.v1: m.v2 for m in GRPC_MODULES if m.v2 and m.v1 == f"{V1_API}.model_config_pb2"}


def _dotted(name: str) -> Union[cst.Name, cst.Attribute]:
    return cst.parse_expression(name)  # type: ignore[return-value]


class _MovedModules(cst.CSTTransformer):
    """``from tensorrtserver.api import model_config_pb2 as mc`` and its ``import ... as`` twin.

    Only forms that bind a name the code keeps using are moved: ``import a.b.c as x``,
    ``from a.b import c [as x]`` and ``from a.b.c import n``.  A bare ``import
    tensorrtserver.api.model_config_pb2`` (used through the full dotted path) stays, reported.
    """

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.findings: list[dict] = []  # reported only when the move is kept (see transform)

    def _report(self, node: cst.CSTNode, v1: str, v2: str, statement: str) -> bool:
        position = self.get_metadata(PositionProvider, node).start
        if self.ctx.suppressed(position.line):
            return False
        self.findings.append(dict(line=position.line, column=position.column, severity="info", applied=True, v1=v1,
                                  message=f"`{v1}` is `{v2}` in V2 (the same messages, fields and enum values).",
                                  replacement=statement))
        return True

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        names = list(updated.names)
        for index, alias in enumerate(original.names):
            v2 = MOVED_MODULES.get(get_full_name_for_node(alias.name) or "")
            if v2 is None or alias.asname is None:
                continue
            statement = f"import {v2} as {get_full_name_for_node(alias.asname.name)}"
            if self._report(alias, get_full_name_for_node(alias.name) or "", v2, statement):
                names[index] = names[index].with_changes(name=_dotted(v2))
        return updated.with_changes(names=names)

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine):  # type: ignore[no-untyped-def]
        if len(updated.body) != 1 or not isinstance(updated.body[0], cst.ImportFrom):
            return updated
        node = updated.body[0]
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return updated
        module = get_full_name_for_node(node.module) or ""
        if module in MOVED_MODULES:  # from tensorrtserver.api.model_config_pb2 import ModelConfig
            v2 = MOVED_MODULES[module]
            if self._report(original.body[0], module, v2, f"from {v2} import ..."):
                return updated.with_changes(body=[node.with_changes(module=_dotted(v2))])
            return updated
        if module != V1_API:
            return updated
        keep: list[cst.ImportAlias] = []
        moved: dict[str, list[cst.ImportAlias]] = {}
        for alias in node.names:
            v2 = MOVED_MODULES.get(f"{V1_API}.{get_full_name_for_node(alias.name)}")
            if v2 is None:
                keep.append(alias)
                continue
            package, _, name = v2.rpartition(".")
            new = cst.ImportAlias(cst.Name(name), asname=alias.asname)
            if not self._report(original.body[0], f"{V1_API}.{get_full_name_for_node(alias.name)}", v2,
                                f"from {package} import {self.code(new)}"):
                keep.append(alias)
                continue
            moved.setdefault(package, []).append(new)
        if not moved:
            return updated
        lines: list[cst.SimpleStatementLine] = []
        if keep:
            keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            lines.append(updated.with_changes(body=[node.with_changes(names=keep)]))
        for package, aliases in moved.items():
            line = cst.SimpleStatementLine([cst.ImportFrom(module=_dotted(package), names=aliases)])
            lines.append(line if lines else line.with_changes(leading_lines=updated.leading_lines))
        return cst.FlattenSentinel(lines)

    @staticmethod
    def code(node: cst.CSTNode) -> str:
        return cst.Module([]).code_for_node(node)


def _is_init(path: str) -> bool:
    return path.replace("\\", "/").rsplit("/", 1)[-1] == "__init__.py"


def _unused_v1_modules(code: str) -> set[int]:
    """Lines of module-level ``import tensorrtserver.api.<module> as <name>`` whose name nothing reads."""
    try:
        tree = astcache.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    found = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Import) and len(stmt.names) == 1 and stmt.names[0].asname \
                and stmt.names[0].name.startswith(V1_API + ".") and stmt.names[0].asname not in names:
            found.add(stmt.lineno)
    return found


class _DropUnused(cst.CSTTransformer):
    """Remove the module-level import statements at ``lines`` (unused V1 module aliases)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, ctx: FileContext, lines: set[int]) -> None:
        super().__init__()
        self.ctx, self.lines = ctx, lines

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine):  # type: ignore[no-untyped-def]
        line = self.get_metadata(PositionProvider, original).start.line
        if line not in self.lines or len(original.body) != 1 or not isinstance(original.body[0], cst.Import):
            return updated
        alias = original.body[0].names[0]
        if not self.ctx.report(line=line, column=0, severity="info", applied=True, v1=get_full_name_for_node(alias.name),
                               message="V1 module import removed: nothing in the file reads "
                                       f"`{get_full_name_for_node(alias.asname.name) if alias.asname else ''}`.",
                               replacement=""):
            return updated
        return cst.RemovalSentinel.REMOVE


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    unused = _unused_v1_modules(wrapper.module.code) if not _is_init(ctx.path) else set()
    if unused:  # an unused alias of a V1 module goes even while other V1 names stay
        wrapper = wrap_transformed(wrapper.visit(_DropUnused(ctx, unused)))
    usage = _Usage(wrapper.module)
    wrapper.visit(usage)
    if "_pb2" in wrapper.module.code:
        # The V1 protobuf module moves only with the rest of the file: while a V1 object stays, its
        # messages (a V1 status' .config) are V1 messages, and mixing the two modules' classes fails.
        mover = _MovedModules(ctx)
        moved = wrapper.visit(mover)
        if mover.findings:
            text = known_text(wrapper.module)
            moved_wrapper = wrap_transformed(moved)  # metadata on first read, as for the file itself
            moved_usage = _Usage(moved)
            moved_wrapper.visit(moved_usage)
            if not moved_usage.v1_left:
                for finding in mover.findings:
                    ctx.report(**finding)
                wrapper, usage = moved_wrapper, moved_usage
            elif text is not None:
                known_code(wrapper.module, text)  # the file's tree again (its code is its text)
    remove = bool(usage.v1_imports) and not usage.v1_left
    view = crossfile.view_of(ctx.settings)
    importers = view.reexported_to if view is not None else []
    if remove and importers:
        # Other files of the run take V1 names from this module (``from common import *``): removing its V1
        # imports would leave them a NameError.  They stay until those files are ported.
        for line, column in usage.v1_imports:
            ctx.report(line=line, column=column, severity="warning", applied=False, v1=V1_API,
                       message=f"This V1 import is not used here any more, but {', '.join(importers)} "
                               f"take{'s' if len(importers) == 1 else ''} V1 names from this module "
                               "(a star import, or a name imported from here); it is kept. Port "
                               "those files, then remove it.",
                       replacement="import the V2 names where they are used (tritonclient.http / tritonclient.grpc)")
        usage.v1_imports = []
        remove = False
    if remove and _is_init(ctx.path):
        for line, column in usage.v1_stars:
            # A package's __init__.py may import the V1 API to re-export it: its users would lose
            # every name with it, silently.  It stays (v1_client_api reports it too).
            ctx.report(line=line, column=column, severity="warning", applied=False, v1=V1_API,
                       message="`from tensorrtserver.api import *` in a package's `__init__.py` is not used "
                               "here but may re-export the V1 client API to the package's users; it is kept. "
                               "Port the users, then re-export what they need from the V2 modules.",
                       replacement="from tritonclient.grpc import *  # or tritonclient.http; "
                                   "InferenceServerException is in tritonclient.utils")
        usage.v1_imports = [p for p in usage.v1_imports if p not in usage.v1_stars]
        usage.keep_stars = True
        remove = bool(usage.v1_imports)
    if not usage.needed and not remove:
        return wrapper.module
    if not remove:
        usage.needed -= MOVED
    if not usage.needed and not remove:
        return wrapper.module
    # The finding goes where the V1 import was (the new imports replace it), else on line 1.
    line, column = usage.v1_imports[0] if usage.v1_imports else (1, 0)
    if not ctx.report(line=line, column=column, severity="info", applied=True, v1=V1_API,
                      message="Imports updated: " + ", ".join(sorted(usage.needed)) + (
                      "; the V1 client import was removed (nothing uses it any more)" if remove else ""),
                      replacement=", ".join(sorted(usage.needed))):
        return wrapper.module
    if remove:
        for other_line, other_column in usage.v1_imports[1:]:
            ctx.report(line=other_line, column=other_column, severity="info", applied=True, v1=V1_API,
                       message="V1 client import removed (nothing uses it any more).", replacement="")
    return wrapper.module.visit(_Imports(ctx, usage, remove))
