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

from typing import TYPE_CHECKING, Union

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import (
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from triton_migrate.data.v1_client_api import (
    GRPC_MODULE,
    HTTP_MODULE,
    UTILS_MODULE,
    UTILS_NAMES,
    V1_API,
)
from triton_migrate.pyresolve import V1Resolver
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
MODULE_IMPORTS = {"concurrent": "import concurrent.futures", "np": "import numpy as np", HTTP_MODULE[1]: f"import {HTTP_MODULE[0]} as {HTTP_MODULE[1]}",
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

    def _import(self, node: Union[cst.Import, cst.ImportFrom]) -> bool:
        if _is_v1_import(node):
            position = self.get_metadata(PositionProvider, node).start
            self.v1_imports.append((position.line, position.column))
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

    def new_imports(self) -> list[cst.SimpleStatementLine]:
        lines = [MODULE_IMPORTS[n] for n in ("concurrent", "np", GRPC_MODULE[1], HTTP_MODULE[1]) if n in self.usage.needed]
        utils = [n for n in UTILS_NAMES if n in self.usage.needed]
        if utils:
            lines.append(f"from {UTILS_MODULE} import {', '.join(utils)}")
        return [cst.parse_statement(line) for line in lines]  # type: ignore[misc]

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine):  # type: ignore[no-untyped-def]
        if not self.remove or not any(isinstance(s, (cst.Import, cst.ImportFrom)) and _is_v1_import(s) for s in original.body):
            return updated
        body = []
        for small in updated.body:
            if isinstance(small, cst.ImportFrom) and _is_v1_import(small):
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
            isinstance(x, (cst.Import, cst.ImportFrom)) and _is_v1_import(x) for x in s.body))) > 0

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


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    usage = _Usage(wrapper.module)
    wrapper.visit(usage)
    remove = bool(usage.v1_imports) and not usage.v1_left
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
