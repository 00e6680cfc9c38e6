"""Move the V1 shared-memory helpers to `tritonclient.utils`.

## What it does
Rewrites imports of `tensorrtserver.shared_memory` and
`tensorrtserver.cuda_shared_memory` (plain, aliased, from-import, star import,
inside functions and `try` blocks) to `tritonclient.utils.shared_memory` and
`tritonclient.utils.cuda_shared_memory`, and renames the keyword
`trtis_shm_name=` of `create_shared_memory_region` to `triton_shm_name=`.

A helper module whose regions reach a V1 context that stays V1 (its
`register(h)`, `unregister(h)`, `cuda_register(h)`, or a `run()` /
`async_run()` given `h`, also through a parameter of a function of the file
or a function returning regions) stays V1 as a whole: its imports and every
helper call through it are left as they are, each with a finding saying
which V1 uses receive its regions (a V1 context takes only regions of the
V1 helpers; converted clients name a region by its name, key and size, so
they work with either).  When converted code needs a function only the V2
helpers have (`get_contents_as_numpy()` for a shared-memory output,
`get_raw_handle()` for a converted `cuda_register`), the module moves anyway
with a review item naming the V1 uses (each is reported).  When its regions
reach only converted clients, the module moves.

String tensors written into a region: V1's `serialize_string_tensor(x)`
returned one numpy bytes scalar (its byte count `size * itemsize`), which V1's
`set_shared_memory_region` copied as raw bytes.  V2's
`set_shared_memory_region` takes the 1-element object array that
`tritonclient.utils.serialize_byte_tensor(x)` returns (a bytes scalar array
fails there).  A name holding `serialize_string_tensor(x)` that is written
into a region becomes `serialize_byte_tensor(x)` when every other use of it is
its byte size (`n.size * n.itemsize`, `n.nbytes`), which becomes
`len(n.item())`.  When the name has other uses, it keeps V1's bytes array
(`v1_exceptions`) and only the value written into the region is wrapped as
V2 wants it: `np.array([n.tobytes()], dtype=np.object_)`.  A serialized string
tensor that goes where the rule cannot follow it (appended to a list, returned,
passed on) and is not only measured is reported: if it reaches shared memory,
V1's bytes array would fail there.

## Why
The V2 helpers keep the V1 function names and argument order
(`create_shared_memory_region`, `set_shared_memory_region`,
`destroy_shared_memory_region`, `SharedMemoryException`,
`CudaSharedMemoryException`); only the module and one keyword changed.
Registering the regions with the server is part of the client API and is
handled by the client rules. CUDA shared memory needs `tritonclient[cuda]`.

## Example
```python
# before
import tensorrtserver.shared_memory as shm
handle = shm.create_shared_memory_region(trtis_shm_name="in", shm_key="/in", byte_size=64)
# after
import tritonclient.utils.shared_memory as shm
handle = shm.create_shared_memory_region(triton_shm_name="in", shm_key="/in", byte_size=64)

# before
data = serialize_string_tensor(strings)
handle = shm.create_shared_memory_region("in", "/in", data.size * data.itemsize)
shm.set_shared_memory_region(handle, [data])
# after
data = serialize_byte_tensor(strings)
handle = shm.create_shared_memory_region("in", "/in", len(data.item()))
shm.set_shared_memory_region(handle, [data])
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Collection, Optional

import libcst as cst
import libcst.matchers as m
from libcst.metadata import Assignment, ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from triton_migrate.data.python_modules import V1_SHM_EXPORTS, V1_SHM_KEYWORDS, V1_SHM_MODULES
from triton_migrate.v1client import shmhold
from triton_migrate.v1client.rename import ModuleRenamer
from triton_migrate.analysis.metadata import wrap
from triton_migrate.analysis.resolve import V1Resolver, star_modules
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Move tensorrtserver.shared_memory / cuda_shared_memory to tritonclient.utils.* and rename trtis_shm_name",
    carriers=("python", "notebook"),
    fix="safe",
    # Every V1 shared-memory usage imports its module: as a dotted name, or
    # through ``from tensorrtserver import ...``.  Not bare ``shared_memory``:
    # the standard library's multiprocessing.shared_memory would match.
    # ``serialize_byte_tensor(...).item())``: a V1-shaped serialized string tensor (v1_exceptions'
    # form) written into a region, reported or wrapped on a second run too.
    needles=(b"tensorrtserver.shared_memory", b"tensorrtserver.cuda_shared_memory", b"from tensorrtserver import",
             b"serialize_string_tensor", b"serialize_byte_tensor("),
    order=20,
    doc=__doc__ or "",
)


# Modules whose ``set_shared_memory_region`` takes a list of numpy arrays (V1 and V2 homes).
_SHM_MODULES = (*V1_SHM_MODULES, *V1_SHM_MODULES.values())
_SET = "set_shared_memory_region"
# v1_exceptions' rewrite of ``serialize_string_tensor(x)``: V1's bytes scalar array, kept.
_V1_SHAPED = m.Call(func=m.Attribute(value=m.Name("np") | m.Name("numpy"), attr=m.Name("asarray")),
                    args=[m.Arg(value=m.Call(func=m.Attribute(value=m.Call(func=m.Name("serialize_byte_tensor")),
                                                              attr=m.Name("item")), args=[]), keyword=None)])


# _wrap's form of a V1-shaped value written into a region.
_WRAPPED = m.Call(func=m.Attribute(value=m.Name("np") | m.Name("numpy"), attr=m.Name("array")),
                  args=[m.Arg(value=m.List(elements=[m.Element(value=m.Call(
                      func=m.Attribute(value=m.SaveMatchedNode(m.Name(), "name"), attr=m.Name("tobytes"))))])),
                        m.ZeroOrMore()])


class _SerializedStrings(cst.CSTVisitor):
    """Plan the edits for serialized string tensors written into shared-memory regions."""

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    def __init__(self, ctx: FileContext, module: cst.Module, kept: Collection[str] = ()) -> None:
        super().__init__()
        self.ctx = ctx
        self.module = module
        self.resolver = V1Resolver(self, module)
        self.modules = set(_SHM_MODULES) - set(kept)  # a helper module kept V1 takes V1's bytes arrays
        self.stars = bool(star_modules(module) & self.modules)
        self.written: dict[cst.Name, cst.Call] = {}  # a name in a region's value list -> that set call
        self.direct: list[cst.Call] = []  # serialize_string_tensor(x) in a region's value list
        self.edits: dict[cst.CSTNode, cst.BaseExpression] = {}
        self.serialized: list[cst.Call] = []  # every serialize_string_tensor(x) (or v1_exceptions' form of it)
        self.settled: set[cst.CSTNode] = set()  # those converted, wrapped or reported here
        self.wrapped: list[cst.Name] = []  # n in np.array([n.tobytes()], dtype=np.object_) written into a region

    def _is_set(self, func: cst.BaseExpression) -> bool:
        if type(func) is cst.Attribute and func.attr.value != _SET:
            return False  # its qualified names all end with ``.<attr>`` (no metadata asked of every method call)
        names = self.get_metadata(QualifiedNameProvider, func, set()) if isinstance(func, (cst.Name, cst.Attribute)) \
            else set()
        if any(q.name.rpartition(".")[0] in self.modules and q.name.endswith("." + _SET) for q in names):
            return True
        if isinstance(func, cst.Name) and func.value == _SET and self.stars and not names:
            scope = self.get_metadata(ScopeProvider, func, None)
            return scope is not None and _SET not in scope
        return False

    def _serialized(self, value: cst.CSTNode) -> str:
        """"v1" for ``serialize_string_tensor(x)``, "shaped" for v1_exceptions' form of it, else ""."""
        if isinstance(value, cst.Call) and self.resolver.v1_name(value.func) == "serialize_string_tensor":
            return "v1"
        return "shaped" if m.matches(value, _V1_SHAPED) else ""

    def visit_Call(self, node: cst.Call) -> None:
        if self._serialized(node):
            self.serialized.append(node)
        if not self._is_set(node.func):
            return
        values = next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "input_values"),
                      node.args[1].value if len(node.args) > 1 and node.args[1].keyword is None else None)
        if not isinstance(values, (cst.List, cst.Tuple)):
            return
        for element in values.elements:
            wrapped = m.extract(element.value, _WRAPPED)
            if wrapped is not None:  # done by a first run: the name's value is settled
                self.wrapped.append(wrapped["name"])  # type: ignore[arg-type]
            elif isinstance(element.value, cst.Name):
                self.written[element.value] = node
            elif self._serialized(element.value) == "v1":
                self.direct.append(element.value)

    def leave_Module(self, original_node: cst.Module) -> None:
        self.plan()  # metadata is only readable while the visit lasts

    def plan(self) -> None:
        for name in self.wrapped:
            assignment = self._only_assignment(name)
            if assignment is not None:
                self.settled.add(assignment[1])
        for call in self.direct:
            self._convert(call, call)
            self.settled.add(call)
        done: set[cst.CSTNode] = set()
        for name, set_call in self.written.items():
            assignment = self._only_assignment(name)
            if assignment is None:
                self._ambiguous(name)
                continue
            if assignment in done:
                continue
            target, value = assignment
            kind = self._serialized(value)
            if not kind:
                continue
            done.add(assignment)
            self.settled.add(value)
            sizes = self._size_uses(target)
            if kind == "v1" and sizes is not None:
                if self._convert(value, set_call):
                    for size in sizes:
                        self.edits[size] = cst.parse_expression(f"len({target.value}.item())")
                continue
            # Other uses keep V1's bytes array: wrap each value written into a region.
            for use, call in self.written.items():
                if self._only_assignment(use) == assignment:
                    self._wrap(use, call)
        for call in self.serialized:
            if call not in self.settled and not self._measured_only(call):
                self._unfollowed(call)

    def _measured_only(self, call: cst.Call) -> bool:
        """``n = serialize_string_tensor(x)`` whose every use is its byte size: V1's bytes array serves."""
        parent = self.get_metadata(ParentNodeProvider, call, None)
        if not isinstance(parent, cst.Assign) or len(parent.targets) != 1 \
                or not isinstance(parent.targets[0].target, cst.Name):
            return False
        target = parent.targets[0].target
        assignment = self._only_assignment(target)
        return assignment is not None and assignment[1] is call and self._size_uses(target) is not None

    def _unfollowed(self, call: cst.Call) -> None:
        """A serialized string tensor that goes where this rule cannot follow (a list, a return, a call)."""
        rng = self.get_metadata(PositionProvider, call)
        self.ctx.report(line=rng.start.line, column=rng.start.column, end_line=rng.end.line,
                        end_column=rng.end.column, severity="warning", applied=False, v1="serialize_string_tensor",
                        replacement="serialize_byte_tensor(x) for set_shared_memory_region(); "
                                    "len(serialize_byte_tensor(x).item()) for the byte size",
                        message="A serialized string tensor that goes where the tool cannot follow it: it keeps "
                                "V1's bytes array, which V2's `set_shared_memory_region` does not take (it wants "
                                "the 1-element object array of `serialize_byte_tensor(x)`). If it is written into "
                                "shared memory, write that there.")

    def _only_assignment(self, name: cst.Name) -> Optional[tuple[cst.Name, cst.BaseExpression]]:
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None or name.value not in scope:
            return None
        assignments = list(scope[name.value])
        if len(assignments) != 1 or not isinstance(assignments[0], Assignment):
            return None
        target = assignments[0].node
        statement = self._statement(target)
        if not isinstance(target, cst.Name) or statement is None or len(statement.targets) != 1:
            return None
        return target, statement.value

    def _ambiguous(self, name: cst.Name) -> None:
        """A name assigned more than once, one of them a serialized string tensor: reported."""
        serialized = [value for value in self._values(name) if self._serialized(value)]
        if not serialized:
            return
        self.settled.update(serialized)
        rng = self.get_metadata(PositionProvider, name)
        self.ctx.report(line=rng.start.line, column=rng.start.column, end_line=rng.end.line,
                        end_column=rng.end.column, severity="error", applied=False,
                        v1="serialize_string_tensor",
                        replacement=f"np.array([{name.value}.tobytes()], dtype=np.object_)",
                        message=f"`{name.value}` is assigned more than once, once a serialized string "
                                "tensor: V2's `set_shared_memory_region` takes the 1-element object array "
                                "of `serialize_byte_tensor(x)`, not V1's bytes array; write that here.")

    def _statement(self, target: cst.CSTNode) -> Optional[cst.Assign]:
        """The ``Assign`` statement whose target is ``target``."""
        parent = self.get_metadata(ParentNodeProvider, target, None)
        statement = self.get_metadata(ParentNodeProvider, parent, None) if isinstance(parent, cst.AssignTarget) \
            else None
        return statement if isinstance(statement, cst.Assign) else None

    def _values(self, name: cst.Name) -> list[cst.BaseExpression]:
        """The values assigned to the name in its scope (plain assignment statements)."""
        scope = self.get_metadata(ScopeProvider, name, None)
        found = []
        for assignment in scope[name.value] if scope is not None and name.value in scope else ():
            statement = self._statement(assignment.node) if isinstance(assignment, Assignment) else None
            if statement is not None:
                found.append(statement.value)
        return found

    def _size_uses(self, target: cst.Name) -> Optional[list[cst.CSTNode]]:
        """The byte-size expressions of the name, when every use but a region write is one; else None."""
        scope = self.get_metadata(ScopeProvider, target, None)
        sizes: list[cst.CSTNode] = []
        for assignment in scope[target.value] if scope is not None else ():
            for access in assignment.references:
                node = access.node
                if node in self.written:
                    continue
                attribute = self.get_metadata(ParentNodeProvider, node, None)
                if not isinstance(attribute, cst.Attribute) or attribute.value is not node:
                    return None
                if attribute.attr.value == "nbytes":
                    sizes.append(attribute)
                    continue
                product = self.get_metadata(ParentNodeProvider, attribute, None)
                if not isinstance(product, cst.BinaryOperation) or not isinstance(product.operator, cst.Multiply):
                    return None
                pair = {self.module.code_for_node(product.left), self.module.code_for_node(product.right)}
                if pair != {f"{target.value}.size", f"{target.value}.itemsize"}:
                    return None
                if product not in sizes:
                    sizes.append(product)
        return sizes

    def _report(self, node: cst.CSTNode, message: str, replacement: str) -> bool:
        rng = self.get_metadata(PositionProvider, node)
        return self.ctx.report(line=rng.start.line, column=rng.start.column, end_line=rng.end.line,
                               end_column=rng.end.column, severity="info", applied=True,
                               v1="serialize_string_tensor", replacement=replacement, message=message)

    def _convert(self, value: cst.Call, set_call: cst.Call) -> bool:
        new = value.with_changes(func=cst.Name("serialize_byte_tensor"))
        if not self._report(value, "A serialized string tensor written into a shared-memory region: "
                                   "`serialize_string_tensor(x)` is `serialize_byte_tensor(x)` (the 1-element "
                                   "object array V2's `set_shared_memory_region` takes); its byte size is "
                                   "`len(x.item())`.", self.module.code_for_node(new)):
            return False
        self.edits[value] = new
        return True

    def _wrap(self, name: cst.Name, set_call: cst.Call) -> None:
        new = cst.parse_expression(f"np.array([{name.value}.tobytes()], dtype=np.object_)")
        if self._report(name, f"`{name.value}` holds V1's serialized bytes array (it has other uses than its byte "
                              "size); V2's `set_shared_memory_region` takes a 1-element object array of the bytes.",
                        self.module.code_for_node(new)):
            self.edits[name] = new


class _Apply(cst.CSTTransformer):
    def __init__(self, edits: dict[cst.CSTNode, cst.BaseExpression]) -> None:
        super().__init__()
        self.edits = edits

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):  # type: ignore[no-untyped-def]
        new = self.edits.get(original)
        if new is None:
            return updated
        if isinstance(original, cst.Call) and isinstance(new, cst.Call) and new.func.deep_equals(
                cst.Name("serialize_byte_tensor")):
            return updated.with_changes(func=new.func)  # keep what inner rewrites did to the arguments
        lpar = getattr(original, "lpar", ())
        return new.with_changes(lpar=lpar, rpar=getattr(original, "rpar", ())) if lpar else new


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    code = wrapper.module.code
    kept = shmhold.held(ctx)  # helper modules whose regions reach V1 contexts that stay: they stay V1
    moving = shmhold.moved(ctx)
    if kept or moving:
        wrapper.visit(shmhold.ImportNotes(ctx, kept, moving))
    if "serialize_string_tensor" in code or "serialize_byte_tensor(" in code:
        planner = _SerializedStrings(ctx, wrapper.module, kept)
        wrapper.visit(planner)
        if planner.edits:
            wrapper = wrap(wrapper.module.visit(_Apply(planner.edits)))  # metadata on first read
    renames = {old: new for old, new in V1_SHM_MODULES.items() if old not in kept}
    keywords = {name: kw for name, kw in V1_SHM_KEYWORDS.items() if name.rpartition(".")[0] not in kept}
    renamed = wrapper.visit(
        ModuleRenamer(ctx, renames, keywords=keywords, star_exports=V1_SHM_EXPORTS)
    )
    return renamed
