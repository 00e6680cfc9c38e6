"""Replace `ProtocolType` by the choice of V2 client module.

## What it does
`ProtocolType.HTTP` becomes `httpclient` and `ProtocolType.GRPC` becomes
`grpcclient` (the modules `tritonclient.http` / `tritonclient.grpc`, imported
by `v1_imports`); the runtime form `ProtocolType.from_str(value)` becomes
`httpclient if value.lower() == "http" else grpcclient`.  A variable that held
a protocol now holds a module, and the client rules build everything from it
(`protocol.InferenceServerClient(...)`, `protocol.InferInput(...)`), so the
program keeps switching protocol at run time.  Comparisons such as
`protocol == ProtocolType.GRPC` keep working (`protocol == grpcclient`).
Any other use of `ProtocolType` (`int(...)`, iteration) is reported.

## Why
V2 has no protocol enum: each protocol is its own module with the same
classes.  Unlike `from_str`, the V2 expression does not reject values other
than "http"/"grpc": they select gRPC.

## Example
```python
# before
protocol = ProtocolType.from_str(FLAGS.protocol)
# after
protocol = httpclient if FLAGS.protocol.lower() == "http" else grpcclient
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
from libcst.metadata import ParentNodeProvider

from triton_migrate.pyv1names import V1NameRewriter, parenthesize_for
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.engine import FileContext

RULE = Rule(
    __name__,
    summary="ProtocolType.HTTP/GRPC/from_str(s) -> httpclient / grpcclient / (httpclient if s.lower() == 'http' else grpcclient)",
    carriers=("python", "notebook"),
    fix="safe",
    needles=(b"ProtocolType",),
    order=50,
    doc=__doc__ or "",
)

MODULES = {"ProtocolType.HTTP": "httpclient", "ProtocolType.GRPC": "grpcclient"}


class _Protocol(V1NameRewriter):
    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if self.resolver.v1_name(original.func) != "ProtocolType.from_str" or len(original.args) != 1 \
                or original.args[0].keyword or original.args[0].star:
            return updated
        value = updated.args[0].value
        text = self.code(value)
        if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString)):
            text = f"({text})"
        new = cst.parse_expression(f'httpclient if {text}.lower() == "http" else grpcclient')
        if not self.report(original, "`ProtocolType.from_str()` is now the choice of client module.",
                           v1="ProtocolType.from_str", replacement=self.code(new)):
            return updated
        if original.lpar:
            return new.with_changes(lpar=original.lpar, rpar=original.rpar)
        return parenthesize_for(self.get_metadata(ParentNodeProvider, original, None), new)

    def rewrite(self, node: cst.CSTNode, updated: cst.CSTNode, name: str) -> Optional[cst.BaseExpression]:
        if name in MODULES:
            if self.report(node, f"`{name}` is now the module `{MODULES[name]}`.", v1=name, replacement=MODULES[name]):
                return cst.Name(MODULES[name])
            return None
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if name == "ProtocolType.from_str" and isinstance(parent, cst.Call) and parent.func is node:
            return None
        if name.startswith("ProtocolType"):
            self.report(node, f"`{name}` has no V2 equivalent: V2 chooses the protocol by module.", applied=False,
                        v1=name, replacement='httpclient if value.lower() == "http" else grpcclient')
        return None


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return wrapper.visit(_Protocol(ctx, wrapper.module))
