"""Move `InferenceServerException` and `serialize_string_tensor` to `tritonclient.utils`.

## What it does
- `trtis.InferenceServerException` (reached through a module alias) becomes
  `InferenceServerException`; `v1_imports` imports it from `tritonclient.utils`.
  `message()` keeps working; `server_id()` and `request_id()` on an exception
  caught as a V1 exception are reported (no V2 equivalent).
- In a file where V1 contexts stay (a use of them has no V2 form), V1 objects
  raise the V1 class and converted clients the V2 one, so
  `except InferenceServerException` (the V1 name, kept while the V1 import
  stays) becomes `except (InferenceServerException,
  tritonclient.utils.InferenceServerException)` (a tuple gets the V2 class
  added) and `import tritonclient.utils` is added; a warning says that
  `server_id()` / `request_id()` do not exist on the V2 class, and names the
  call of the `try` body that may raise the V1 class.  A handler whose `try`
  body only calls converted V2 clients, unittest checks (`self.assert*`),
  builtins, and functions of the standard library, `tritonclient`,
  `google.protobuf`, `numpy` or `requests` (`analysis/v2raises.py`), and that
  reads no `server_id()` / `request_id()`, catches
  `tritonclient.utils.InferenceServerException` alone: nothing in it can raise
  the V1 class.  A call of the project's own code (`self.check(...)`,
  `util.infer(...)`) may, so the handler then catches both.
- `serialize_string_tensor(x)` becomes `np.asarray(serialize_byte_tensor(x).item())`,
  which returns exactly what V1 returned (one `bytes` array holding the
  length-prefixed strings); plain V2 `serialize_byte_tensor` returns a 0-d
  object array, so V1 code measuring `.size * .itemsize` would get 8.

## Why
V2's exception is `tritonclient.utils.InferenceServerException` with
`message()`, `status()` and `debug_details()`.  V2 serializes string tensors
itself in `InferInput.set_data_from_numpy`; explicit serialization is only
needed for shared memory or payload sizes.

## Example
```python
# before
except trtis.InferenceServerException as e:
    print(e.server_id())
# after
except InferenceServerException as e:
    print(e.server_id())   # reported: no V2 equivalent, use e.status() / e.debug_details()
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from triton_migrate.data.v1_client_api import CONTEXTS, EXCEPTION_REMOVED
from triton_migrate.analysis.resolve import single_assignment, walk
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider

from triton_migrate.analysis import dropchecks, v2raises

from triton_migrate.analysis.v1names import V1NameRewriter
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="InferenceServerException and serialize_string_tensor -> tritonclient.utils; server_id()/request_id() reported",
    carriers=("python", "notebook"),
    fix="safe",
    # What this rule edits or reports: the exception reached through a module
    # alias (`trtis.InferenceServerException`), server_id()/request_id(),
    # serialize_string_tensor, and `except InferenceServerException` in a file
    # where V1 contexts stay (it then catches both classes).
    needles=(b"InferenceServerException", b"serialize_string_tensor", b"server_id", b"request_id"),
    order=45,
    doc=__doc__ or "",
    requires=("v1_imports",),
)


V2_EXCEPTION = "tritonclient.utils.InferenceServerException"


class _Exceptions(V1NameRewriter):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.caught: set[cst.Name] = set()

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name) and node.type is not None:
            types = node.type.elements if isinstance(node.type, cst.Tuple) else [node.type]
            names = [t.value if isinstance(t, cst.Element) else t for t in types]
            # The V2 class too: a second run over migrated code must still see these calls.
            if any(self.resolver.v1_name(t) == "InferenceServerException" or self._v2_exception(t) for t in names):
                self.caught.add(node.name.name)

    def _v2_exception(self, node: cst.CSTNode) -> bool:
        names = self.get_metadata(QualifiedNameProvider, node, set()) if isinstance(node, (cst.Name, cst.Attribute)) else set()
        if isinstance(node, cst.Name) and node.value == "InferenceServerException" and not names:
            return True  # unbound here: the name the V2 import (added by v1_imports) binds
        return any(q.name.startswith("tritonclient.") and q.name.endswith(".InferenceServerException") for q in names)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        if isinstance(func, cst.Attribute) and func.attr.value in EXCEPTION_REMOVED and isinstance(func.value, cst.Name):
            target = single_assignment(self, func.value)
            if target is not None and target in self.caught:
                entry = EXCEPTION_REMOVED[func.attr.value]
                self.report(original, f"`InferenceServerException.{func.attr.value}()` has no V2 equivalent: "
                                      f"{entry.reason}." + self._drop_hint(original), applied=False, severity="error",
                            v1=f"InferenceServerException.{func.attr.value}", replacement=entry.replacement)
            return updated
        if self.resolver.v1_name(func) == "serialize_string_tensor":
            args = self.code(updated.with_changes(func=cst.Name("f"))).split("(", 1)[1]
            new = cst.parse_expression(f"np.asarray(serialize_byte_tensor({args}.item())")
            if self.report(original, "`serialize_string_tensor(x)` is now `serialize_byte_tensor(x)`, which "
                                     "returns a 0-d object array; `np.asarray(....item())` keeps V1's bytes array.",
                           v1="serialize_string_tensor", replacement=self.code(new)):
                return new.with_changes(lpar=original.lpar, rpar=original.rpar)
        return updated

    def _drop_hint(self, node: cst.CSTNode) -> str:
        """Names --drop-v1-only-checks when the call is in a test check it could drop."""
        if self.ctx.settings.drop_v1_only_checks:
            return ""
        if getattr(self, "_hint_lines", None) is None:
            self._hint_lines = dropchecks.hint_lines(self.module.code)
        line = self.get_metadata(PositionProvider, node).start.line
        return dropchecks.FLAG_HINT if line in self._hint_lines else ""

    def visit_Module(self, node: cst.Module) -> None:
        self.try_bodies: dict[cst.ExceptHandler, cst.BaseSuite] = {}
        self.bindings = None
        # A V1 context still built in this file (not converted) raises the V1 exception:
        # catching the V2 class instead would let it through, so the name stays V1 too.
        self.v1_contexts = False

        class _Contexts(cst.CSTVisitor):
            def visit_Call(inner, call: cst.Call) -> None:  # noqa: N805
                if self.resolver.v1_name(call.func) in CONTEXTS:
                    self.v1_contexts = True

        node.visit(_Contexts())

    def visit_Try(self, node: cst.Try) -> None:
        for handler in node.handlers:
            self.try_bodies[handler] = node.body

    def _why_v1(self, handler: cst.ExceptHandler) -> str:
        """Why the handler must still catch the V1 class ("" when it need not): the first call of its ``try``
        body that may raise it (analysis/v2raises.py), or a V1-only value of the exception it reads."""
        body = self.try_bodies.get(handler)
        if body is None:
            return "its `try` body is not known"
        read = next((n for n in walk(handler.body) if isinstance(n, cst.Attribute)
                     and n.attr.value in EXCEPTION_REMOVED), None)
        if read is not None:
            return f"the handler reads `{self.code(read)}()`, which only the V1 class has"
        function = handler
        while function is not None and not isinstance(function, (cst.FunctionDef, cst.Module)):
            function = self.get_metadata(ParentNodeProvider, function, None)
        if function is None:
            return "its `try` body is not in a function"
        if self.bindings is None:
            self.bindings = v2raises.module_bindings(self.module)
            self.own = frozenset(v2raises.defined_functions(self.module))
        call = v2raises.first_v1([body], self.bindings, v2raises.v2_clients(function),
                                 lambda n: self.resolver.v1_name(n) is not None,
                                 lambda n: self.get_metadata(ParentNodeProvider, n, None), self.own)
        if call is None:
            return ""
        line = self.ctx.original_line(self.get_metadata(PositionProvider, call).start.line)
        return (f"its `try` body calls `{self.code(call.func)}(...)` (line {line}), which may raise the V1 class "
                "(a V1 object that stays, or code of the project that may use the V1 client)")

    def leave_ExceptHandler(self, original: cst.ExceptHandler, updated: cst.ExceptHandler) -> cst.ExceptHandler:
        """``except InferenceServerException`` (V1) in a file that keeps V1 objects beside converted
        ones: V1 objects raise the V1 class, V2 clients (and helpers converted in other files) the V2
        class; V1 code caught every error of the client here, so the handler catches both, or the V2
        class alone when its ``try`` body only calls V2 clients and code that is not the project's."""
        if not getattr(self, "v1_contexts", False) or original.type is None:
            return updated
        types = original.type.elements if isinstance(original.type, cst.Tuple) else [original.type]
        names = [t.value if isinstance(t, cst.Element) else t for t in types]
        v1 = [t for t in names if self.resolver.v1_name(t) == "InferenceServerException"]
        if not v1 or any(t not in v1 and (self._v2_exception(t) or self.code(t) == V2_EXCEPTION) for t in names):
            return updated
        why = self._why_v1(original)
        if not why:
            return self._narrow(original, updated, names, v1)
        shown = self.code(original.type)
        bare = self.code(original.type.with_changes(lpar=[], rpar=[]))  # ``except(X)``: X
        inner = bare.rstrip().rstrip(",") if isinstance(original.type, cst.Tuple) else bare
        new = cst.parse_expression(f"({inner}, {V2_EXCEPTION})")
        if not self.report(original.type, f"`except {shown}` now also catches `{V2_EXCEPTION}`: this file keeps V1 "
                                          "objects (they raise the V1 class) beside converted V2 clients (they raise "
                                          "the V2 class), and V1 code caught every client error here; it keeps the V1 "
                                          f"class because {why}. `server_id()` and `request_id()` do not exist on "
                                          "the V2 class.",
                           severity="warning", v1="InferenceServerException", replacement=f"({inner}, {V2_EXCEPTION})"):
            return updated
        self.needs_utils = True
        whitespace = updated.whitespace_after_except
        if isinstance(whitespace, cst.SimpleWhitespace) and not whitespace.value:
            whitespace = cst.SimpleWhitespace(" ")
        return updated.with_changes(type=new, whitespace_after_except=whitespace)

    def _narrow(self, original: cst.ExceptHandler, updated: cst.ExceptHandler, names: list, v1: list) -> cst.ExceptHandler:
        """``except InferenceServerException`` -> ``except tritonclient.utils.InferenceServerException``."""
        kept = [self.code(t) if t not in v1 else V2_EXCEPTION for t in names]
        text = kept[0] if len(kept) == 1 else "(" + ", ".join(dict.fromkeys(kept)) + ")"
        if not self.report(original.type, f"`except {self.code(original.type)}`: this file keeps V1 objects, "
                                          "but the `try` body here only calls converted V2 clients, unittest "
                                          "checks and code of the standard library or of tritonclient, which "
                                          "raise the V2 class: the handler catches that class "
                                          f"(`{text}`).", v1="InferenceServerException", replacement=text):
            return updated
        self.needs_utils = True
        whitespace = updated.whitespace_after_except
        if isinstance(whitespace, cst.SimpleWhitespace) and not whitespace.value:
            whitespace = cst.SimpleWhitespace(" ")
        return updated.with_changes(type=cst.parse_expression(text), whitespace_after_except=whitespace)

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if not getattr(self, "needs_utils", False):
            return updated
        body = list(updated.body)
        has = any(isinstance(stmt, cst.SimpleStatementLine) and any(
            isinstance(imp, cst.Import) and any(self.code(a.name) == "tritonclient.utils" and a.asname is None
                                                for a in imp.names) for imp in stmt.body) for stmt in body)
        if has:
            return updated
        at = 0
        for i, stmt in enumerate(body):
            if isinstance(stmt, cst.SimpleStatementLine) and all(
                    isinstance(x, (cst.Import, cst.ImportFrom)) or (i == 0 and isinstance(x, cst.Expr)) for x in stmt.body):
                at = i + 1
            elif at:
                break
        body[at:at] = [cst.parse_statement("import tritonclient.utils")]
        return updated.with_changes(body=body)

    def rewrite(self, node: cst.CSTNode, updated: cst.CSTNode, name: str) -> Optional[cst.BaseExpression]:
        if name == "InferenceServerException" and getattr(self, "v1_contexts", False):
            return None
        if name == "InferenceServerException" and isinstance(node, cst.Attribute):
            if self.report(node, "`InferenceServerException` is now `tritonclient.utils.InferenceServerException`.",
                           v1=self.code(node), replacement="InferenceServerException"):
                return cst.Name("InferenceServerException")
        return None


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return wrapper.visit(_Exceptions(ctx, wrapper.module))
