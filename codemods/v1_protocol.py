"""Replace `ProtocolType` by the choice of V2 client module.

## What it does
`ProtocolType.HTTP` becomes `httpclient` and `ProtocolType.GRPC` becomes
`grpcclient` (the modules `tritonclient.http` / `tritonclient.grpc`, imported
by `v1_imports`); the runtime form `ProtocolType.from_str(value)` becomes
`httpclient if value.lower() == "http" else grpcclient`, and a string literal
is resolved now: `ProtocolType.from_str("GRPC")` (any case) is `grpcclient`,
`from_str("http")` is `httpclient`.  A literal that is neither raised in V1;
it is left as it is and reported.  A variable that held
a protocol now holds a module, and the client rules build everything from it
(`protocol.InferenceServerClient(...)`, `protocol.InferInput(...)`), so the
program keeps switching protocol at run time.  This is done only when the
value is used as a client module afterwards (`x.InferenceServerClient`,
`x.InferInput`, a V1 context's protocol argument, directly or through a
variable, or as the protocol item of the rows of a literal list that a `for`
loop walks: `for pair in [(url, ProtocolType.HTTP), ...]` with every `pair[1]`
in the loop a client module, or `for url, protocol in [...]`; or the rows
appended to a local list assigned `[]` once, `configs.append((url,
ProtocolType.GRPC, True))`, when every row appended holds a `ProtocolType`
there, the list is otherwise only read by `len(configs)` and `for` loops, and
every read of the item in those loops is a client module; or rows a method
stores once in `self.protocols_`, when every other `.protocols_` of the file is
the iterable of such a loop in a method of the same class); any other use of a protocol value (`int(...)`, printing, a
comparison such as `protocol == ProtocolType.GRPC`, iteration) is reported
and left as it is, because a module in its place would fail or mean
something else at run time.

A name assigned only `ProtocolType.HTTP` / `.GRPC` literals (or `from_str`
of a literal), each on its own line (a module global set in the branches of
`if __name__ == '__main__':`, say), that converted clients read and a V1
context that stays V1 reads too (directly or through a parameter of a function
of the file, `self.check_status(url, protocol)`), keeps its V1 value (reported) and gets a
companion assigned beside each assignment (`_protocol_client = httpclient`);
the converted clients read the companion, so both work under either branch.

The same holds for the protocol item of a `for` loop over a literal list of
rows (`for pair in [(url, ProtocolType.HTTP), (url, ProtocolType.GRPC)]`, or
`for url, protocol in [...]`) that converted clients read as a module while
the rows cannot become modules (a V1 context of the same row stays V1, say a
status read for `uptime_ns`; the item is compared with `ProtocolType.GRPC`;
the whole row is printed): the loop body starts with a companion holding the
row's module, `pair_client = (httpclient, grpcclient)[pair[1]]` (V1's
`ProtocolType` is an `IntEnum`: HTTP = 0, GRPC = 1), the converted clients
read it, and the rows and every other read keep the `ProtocolType`
(reported).  A loop variable assigned in the body, or read after the loop or
in a nested function or comprehension, gets no companion: the clients built
from it stay V1 and each use is reported.

A `ProtocolType` passed to a function or class of the file
(`server_ready(url, protocol)`, `AddSubClient(url, ProtocolType.from_str(s))`)
becomes a module on both sides only when every call in the file passes a
`ProtocolType` value (or leaves out a parameter whose default is one, which
is rewritten too) and the parameter is only used as a client module; the
context rules build nothing from a parameter that one call fills with
anything else, so then both sides stay V1 and are reported.

A dict of them assigned once (`PROTOCOLS = {"http": ProtocolType.HTTP,
...}`) becomes a dict of modules when its every read is `PROTOCOLS[key]`
used as a client module.  A choice between the two (`ProtocolType.HTTP if s == "http" else
ProtocolType.GRPC`) and an item of an unpacked assignment (`url, protocol =
u, ProtocolType.from_str(s)`) become modules under the same conditions as a
name assigned once (its every read a client-module use); a class attribute
(`protocol = ProtocolType.GRPC` in a class body) too, when every
`.protocol` of the file is `self.protocol` in that class's methods.

A `ProtocolType` kept on an object (`self.protocol = ProtocolType.from_str(s)`
in `__init__`) becomes the module there when the file stores `.protocol`
nowhere else and every other `.protocol` of the file is `self.protocol` in a
method of that class used as a client module (the protocol of contexts that
convert); `FLAGS.protocol` of `FLAGS = parser.parse_args()` is another object
and does not count.  When one of those contexts stays V1, or the attribute is
read as a value, the attribute keeps the enum and every context built from it
stays V1, reported (the verifier checks what each `.protocol` store holds).

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
from libcst.metadata import Assignment, ClassScope, ParentNodeProvider, ScopeProvider

from triton_migrate import crossfile
from triton_migrate.data.v1_client_api import CONTEXTS
from triton_migrate.analysis.resolve import accesses, bind_arguments, in_other_loop, single_assignment, walk
from triton_migrate.analysis.v1names import V1NameRewriter, parenthesize_for
from triton_migrate.rules import Rule
from triton_migrate.v1client import companion, escape, loopcompanion, selftables
from triton_migrate.v1client.appendedrows import rows_problem

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="ProtocolType.HTTP/GRPC/from_str(s) -> httpclient / grpcclient / (httpclient if s.lower() == 'http' else grpcclient)",
    carriers=("python", "notebook"),
    fix="safe",
    needles=(b"ProtocolType",),
    order=50,
    doc=__doc__ or "",
    requires=("v1_imports",),
)

MODULES = {"ProtocolType.HTTP": "httpclient", "ProtocolType.GRPC": "grpcclient"}


class _Protocol(V1NameRewriter):
    def visit_Module(self, node: cst.Module) -> None:
        self.companions = companion.plan(self)  # a name read by converted clients and by a V1 context
        self.loop_companions = loopcompanion.plan(self, self.companions)  # the same for a loop's protocol item

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.CSTNode:  # type: ignore[override]
        return companion.renamed(self.companions, original) or super().leave_Name(original, updated)

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine) -> cst.CSTNode:  # type: ignore[override]
        return companion.add_companion(self.companions, original, updated)  # type: ignore[no-any-return]

    def leave_Subscript(self, original: cst.Subscript, updated: cst.Subscript) -> cst.BaseExpression:
        return loopcompanion.leave_subscript(self.loop_companions, original, updated)

    def leave_For(self, original: cst.For, updated: cst.For) -> cst.For:
        return loopcompanion.leave_for(self.loop_companions, original, updated)

    def module_use(self, node: cst.CSTNode, depth: int = 0) -> bool:
        """Whether the value of ``node`` is only used as a client module once it is one."""
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return True  # protocol.InferenceServerClient(...), protocol.InferInput(...)
        if isinstance(parent, cst.Comparison) and parent.left is node and len(parent.comparisons) == 1 \
                and isinstance(parent.comparisons[0].operator, (cst.Is, cst.IsNot)) \
                and isinstance(parent.comparisons[0].comparator, cst.Name) \
                and parent.comparisons[0].comparator.value in MODULES.values():
            return True  # `protocol is grpcclient`: the choice the status rule writes for a protocol set at run time
        if isinstance(parent, cst.Arg) and parent.value is node:
            call = self.get_metadata(ParentNodeProvider, parent, None)
            if parent.keyword is not None and parent.keyword.value.endswith("client_module"):
                return True  # a helper function's module parameter (v1_infer)
            if not isinstance(call, cst.Call):
                return False
            if self.resolver.v1_name(call.func) in CONTEXTS:
                # The context rules run first: a V1 constructor still here was not
                # converted, and it needs the V1 enum.
                return False
            return depth < 3 and self.parameter_module_use(call, parent, depth)
        if isinstance(parent, cst.Param) and parent.default is node and depth < 3:
            return self.param_module_use(parent, depth)  # ``def f(url, protocol=ProtocolType.HTTP)``
        if isinstance(parent, cst.Element) and depth < 3:
            unpacked = self.unpacked_target(parent)
            if unpacked is not None:  # ``url, protocol = u, ProtocolType.from_str(s)``: the name it lands in
                return self.name_module_use(unpacked, depth)
            return self.loop_list_use(parent, depth)
        if isinstance(parent, cst.Assign) and parent.value is node and len(parent.targets) == 1 \
                and isinstance(parent.targets[0].target, cst.Attribute) \
                and parent.targets[0].target.attr.value.endswith("client_module"):
            return True  # the module a converted InferContext subclass keeps (v1_infer)
        if isinstance(parent, cst.DictElement) and parent.value is node and depth < 3:
            return self.table_module_use(parent)  # ``PROTOCOLS = {"http": ProtocolType.HTTP, ...}``
        if isinstance(parent, cst.IfExp) and node is not parent.test and depth < 3:
            return self.module_use(parent, depth + 1)  # ``HTTP if s == "http" else GRPC``: the whole is the value
        if isinstance(parent, cst.Assign) and parent.value is node and len(parent.targets) == 1 \
                and isinstance(parent.targets[0].target, cst.Attribute) and depth < 3:
            return self.attribute_module_use(parent.targets[0].target, depth)  # ``self.protocol = ...``
        if isinstance(parent, cst.Assign) and parent.value is node and len(parent.targets) == 1 \
                and isinstance(parent.targets[0].target, cst.Name) and depth < 3:
            return self.name_module_use(parent.targets[0].target, depth)
        return False

    def table_module_use(self, element: cst.DictElement) -> bool:
        """A dict display assigned once to a name whose every read is ``name[key]`` used as a client module."""
        display = self.get_metadata(ParentNodeProvider, element, None)
        assign = self.get_metadata(ParentNodeProvider, display, None) if isinstance(display, cst.Dict) else None
        if not (isinstance(assign, cst.Assign) and assign.value is display and len(assign.targets) == 1
                and isinstance(assign.targets[0].target, cst.Name)):
            return False
        target = assign.targets[0].target
        scope = self.get_metadata(ScopeProvider, target, None)
        if scope is None or isinstance(scope, ClassScope):
            return False
        mine = [a for a in scope.assignments[target.value] if isinstance(a, Assignment)]
        if len(mine) != 1 or mine[0].node is not target or not mine[0].references:
            return False
        for ref in mine[0].references:
            read = self.get_metadata(ParentNodeProvider, ref.node, None)
            holder = self.get_metadata(ParentNodeProvider, read, None) if read is not None else None
            if not (isinstance(read, cst.Subscript) and read.value is ref.node and len(read.slice) == 1
                    and not isinstance(holder, (cst.AssignTarget, cst.AugAssign, cst.Del))
                    and self.module_use(read, 3)):
                return False
        return True

    def unpacked_target(self, element: cst.Element) -> Optional[cst.Name]:
        """The name an item of ``a, b = x, y`` lands in (a plain name of a same-length tuple target), or None."""
        display = self.get_metadata(ParentNodeProvider, element, None)
        assign = self.get_metadata(ParentNodeProvider, display, None) if isinstance(display, cst.Tuple) else None
        if not (isinstance(assign, cst.Assign) and assign.value is display and len(assign.targets) == 1
                and isinstance(assign.targets[0].target, cst.Tuple)):
            return None
        targets = assign.targets[0].target.elements
        if len(targets) != len(display.elements) or any(isinstance(e, cst.StarredElement) for e in display.elements):
            return None
        target = targets[list(display.elements).index(element)].value
        return target if isinstance(target, cst.Name) else None

    def name_module_use(self, target: cst.Name, depth: int) -> bool:
        """The one assignment that ``target`` (a stored name) is, and every read of it, use a client module; in a
        class body, every ``self.<name>`` of the class's methods too."""
        scope = self.get_metadata(ScopeProvider, target, None)
        if scope is None:
            return False
        mine = [a for a in scope.assignments[target.value] if isinstance(a, Assignment) and a.node is target]
        if isinstance(scope, ClassScope):  # ``protocol = ...`` in a class body: read as ``self.protocol``
            klass: Optional[cst.CSTNode] = target
            while klass is not None and not isinstance(klass, cst.ClassDef):
                klass = self.get_metadata(ParentNodeProvider, klass, None)
            if not isinstance(klass, cst.ClassDef) or not self.attribute_reads_module_use(klass, target, "", depth):
                return False
        return len(mine) == 1 and all(self.module_use(ref.node, depth + 1) for ref in mine[0].references)

    def attribute_module_use(self, target: cst.Attribute, depth: int) -> bool:
        """``self.protocol = ProtocolType.from_str(s)`` in a method: the file stores ``.protocol`` only there,
        and every other ``.protocol`` of the file is ``self.protocol`` in a method of that class, used as a
        client module (a context's protocol argument that is still V1 keeps the enum: then nothing here)."""

        klass = self.enclosing_class(target)
        if klass is None or not isinstance(target.value, cst.Name):
            return False
        return self.attribute_reads_module_use(klass, target.attr, target.value.value, depth, target)

    def attribute_reads_module_use(self, klass: cst.ClassDef, attr: cst.Name, receiver: str, depth: int,
                                   target: Optional[cst.Attribute] = None) -> bool:
        """Every ``.<attr>`` of the file but ``target`` is ``self.<attr>`` in a method of ``klass`` (``receiver``:
        that method's first parameter's name, or any name when empty), read as a client module; at least one."""
        from triton_migrate.analysis.cstwalk import named_nodes

        name = attr.value
        found = [a for a in named_nodes(self.module)[1].get(name, ()) if a is not target]
        for attribute in found:
            if self.parsed_arguments(attribute.value):
                continue  # ``FLAGS.protocol``: an option of ``FLAGS = parser.parse_args()``, another object
            if self.foreign_self(attribute, klass):
                continue  # ``self.protocol`` of a class that never shares an object with ``klass``
            if not (isinstance(attribute.value, cst.Name) and (attribute.value.value == receiver or not receiver)
                    and self.enclosing_class(attribute) is klass):
                return False
            parent = self.get_metadata(ParentNodeProvider, attribute, None)
            if isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.Del)) \
                    or not self.module_use(attribute, depth + 1):
                return False
        return bool(found)

    def foreign_self(self, attribute: cst.Attribute, klass: cst.ClassDef) -> bool:
        """``attribute`` is ``self.<attr>`` in a method of a class outside ``klass``'s family (the classes of
        the file joined to it by inheritance, `triton_migrate.analysis.families`): another object's attribute."""
        return self.enclosing_class(attribute) is not None and escape.self_of_class_apart(self, attribute, klass)

    def parsed_arguments(self, node: cst.BaseExpression) -> bool:
        """``node`` is a name assigned once from ``parser.parse_args(...)`` (or the first item of
        ``parser.parse_known_args(...)``): argparse's namespace, never the class's instance."""
        if not isinstance(node, cst.Name):
            return False
        target = single_assignment(self, node)
        if target is not None:
            return self.parsed_target(target)
        # a global set in several functions (``global FLAGS; FLAGS = parser.parse_args()``): every assignment
        # of the name is argparse's namespace, or ``None`` before it is parsed
        scope = self.get_metadata(ScopeProvider, node, None)
        try:
            assignments = list(scope[node.value]) if scope is not None else []
        except Exception:  # noqa: BLE001 - libcst raises on odd scopes
            return False
        return bool(assignments) and all(isinstance(a, Assignment) and isinstance(a.node, cst.Name) and (
            self.parsed_target(a.node) or self.assigned_none(a.node)) for a in assignments)

    def parsed_target(self, target: cst.CSTNode) -> bool:
        """``target`` (a stored name) is assigned ``parser.parse_args(...)`` (or is the first item of
        ``parser.parse_known_args(...)``), directly or through a function of the file (`parse_call`)."""
        parent = self.get_metadata(ParentNodeProvider, target, None) if isinstance(target, cst.Name) else None
        if isinstance(parent, cst.Element):  # ``FLAGS, unparsed = parser.parse_known_args()``
            tup = self.get_metadata(ParentNodeProvider, parent, None)
            parent = self.get_metadata(ParentNodeProvider, tup, None) \
                if isinstance(tup, cst.Tuple) and tup.elements[0] is parent else None
        assign = self.get_metadata(ParentNodeProvider, parent, None) if isinstance(parent, cst.AssignTarget) else None
        return isinstance(assign, cst.Assign) and self.parse_call(assign.value, nested=True)

    def assigned_none(self, target: cst.Name) -> bool:
        """``FLAGS = None``."""
        parent = self.get_metadata(ParentNodeProvider, target, None)
        assign = self.get_metadata(ParentNodeProvider, parent, None) if isinstance(parent, cst.AssignTarget) else None
        return isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Name) and assign.value.value == "None"

    def parse_call(self, value: cst.BaseExpression, nested: bool = False) -> bool:
        """``parser.parse_args(...)``, ``parser.parse_known_args(...)``, or (``nested``) a call of a function
        of this file whose every ``return`` gives one of those (``FLAGS = parse_args()``)."""
        if not isinstance(value, cst.Call):
            return False
        if isinstance(value.func, cst.Attribute):
            return value.func.attr.value in ("parse_args", "parse_known_args")
        function = single_assignment(self, value.func) if nested and isinstance(value.func, cst.Name) else None
        if not isinstance(function, cst.FunctionDef) or function.decorators:
            return False
        returns = escape.own_returns(function)  # None: a generator
        return bool(returns) and all(isinstance(r, cst.Return) and r.value is not None and self.parse_call(r.value)
                                     for r in returns or ())

    def enclosing_class(self, node: cst.CSTNode) -> Optional[cst.ClassDef]:
        """The class whose method (not nested deeper) holds ``node``, or None."""
        function = None
        while node is not None:
            node = self.get_metadata(ParentNodeProvider, node, None)
            if isinstance(node, (cst.Lambda, cst.FunctionDef)):
                if function is not None:
                    return None
                function = node
            elif isinstance(node, cst.ClassDef):
                return node if function is not None else None
        return None

    def loop_list_use(self, element: cst.Element, depth: int) -> bool:
        """``for pair in [(url, ProtocolType.HTTP), ...]``: every ``pair[i]`` (or the unpacked name) of the
        protocol's position is a module use in the loop, and the loop variable is read nowhere else."""
        row = self.get_metadata(ParentNodeProvider, element, None)
        if not isinstance(row, (cst.Tuple, cst.List)):
            return False
        index = next((i for i, e in enumerate(row.elements) if e is element), None)
        row_element = self.get_metadata(ParentNodeProvider, row, None)
        if isinstance(row_element, cst.Arg) and index is not None:
            return self.appended_row_use(row_element, index, len(row.elements), depth)
        table = self.get_metadata(ParentNodeProvider, row_element, None) if isinstance(row_element, cst.Element) else None
        loop = self.get_metadata(ParentNodeProvider, table, None) if isinstance(table, (cst.List, cst.Tuple)) else None
        if index is None or any(isinstance(e, cst.StarredElement) for e in row.elements):
            return False
        if isinstance(loop, cst.Assign) and loop.value is table:  # ``self.protocols_ = ((HTTP, url), ...)``
            return selftables.rows_use(self, loop, index, len(row.elements), depth)
        if not isinstance(loop, cst.For) or loop.iter is not table:
            return False
        return self.loop_item_use(loop, index, len(row.elements), depth)

    def appended_row_use(self, arg: cst.Arg, index: int, width: int, depth: int) -> bool:
        """``configs = []; configs.append((url, ProtocolType.HTTP, False)); for config in configs: ...``:
        the list passes `appendedrows.rows_problem` (the check `escape.appended_problem` makes for the
        contexts built from the rows) and every read of the item in its loops is a module use
        (`loop_item_use`)."""
        call = self.get_metadata(ParentNodeProvider, arg, None)
        if not (isinstance(call, cst.Call) and len(call.args) == 1 and call.args[0] is arg and arg.keyword is None
                and not arg.star and isinstance(call.func, cst.Attribute) and call.func.attr.value == "append"
                and isinstance(call.func.value, cst.Name)):
            return False
        rows = rows_problem(self, call.func.value, index, width)
        return rows.problem is None and all(self.loop_item_use(loop, index, width, depth) for loop in rows.loops)

    def loop_item_use(self, loop: cst.For, index: int, width: int, depth: int) -> bool:
        """Every read of the item at ``index`` of the rows ``loop`` iterates (``width`` items each) is a
        module use, and the loop variable is read nowhere else."""
        scope = self.get_metadata(ScopeProvider, loop, None)
        if scope is None:
            return False
        target = loop.target
        if isinstance(target, cst.Name):
            name, position = target.value, index
        elif isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == width \
                and all(isinstance(e.value, cst.Name) for e in target.elements):
            name, position = target.elements[index].value.value, None  # type: ignore[attr-defined]
        else:
            return False
        inside = {id(n) for n in walk(loop.body)}
        for access in accesses(scope, name):
            node = access.node
            if id(node) not in inside:
                if not in_other_loop(self, node, name, loop):
                    return False
                continue
            if position is None:
                if not self.module_use(node, depth + 1):
                    return False
                continue
            sub = self.get_metadata(ParentNodeProvider, node, None)
            if not (isinstance(sub, cst.Subscript) and sub.value is node and len(sub.slice) == 1
                    and isinstance(sub.slice[0].slice, cst.Index) and isinstance(sub.slice[0].slice.value, cst.Integer)):
                return False
            if int(sub.slice[0].slice.value.value) == position and not self.module_use(sub, depth + 1):
                return False
        return True

    def parameter_module_use(self, call: cst.Call, arg: cst.Arg, depth: int) -> bool:
        """``f(..., protocol_value)`` with ``f`` a function of this file whose parameter is a module use."""
        function, skip = self.callee(call)
        if not isinstance(function, (cst.FunctionDef, cst.ClassDef)) and skip == 0:
            return self.cross_module_use(call, arg)
        param = self.param_of(function, skip, call, arg)
        return param is not None and self.param_module_use(param, depth)

    def param_of(self, function: Optional[cst.CSTNode], skip: int, call: cst.Call, arg: cst.Arg) -> Optional[cst.Param]:
        """The parameter of ``function`` (from `callee`) that ``arg`` of ``call`` fills, else None."""
        if not isinstance(function, cst.FunctionDef) or function.decorators:
            return None
        params = [*function.params.posonly_params, *function.params.params, *function.params.kwonly_params][skip:]
        bound = bind_arguments(call, tuple(p.name.value for p in params))
        if bound is None:
            return None
        name = next((k for k, v in bound.items() if v is arg.value), None)
        return next((p for p in params if p.name.value == name), None)

    def callee(self, call: cst.Call) -> tuple[Optional[cst.CSTNode], int]:
        """The function of this file ``call`` runs (a method of the caller's class for ``self.m(...)``, a
        class's ``__init__``) and how many leading parameters the call does not fill."""
        function = single_assignment(self, call.func) if isinstance(call.func, cst.Name) else None
        skip = 0
        if isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name):
            # ``self.check(url, protocol)``: a method of the caller's own class
            caller = escape.enclosing(self, call, cst.FunctionDef)  # type: ignore[arg-type]
            cls = escape.method_class(self, caller) if isinstance(caller, cst.FunctionDef) else None  # type: ignore[arg-type]
            if cls is not None and escape.self_name(caller) == call.func.value.value \
                    and isinstance(cls.body, cst.IndentedBlock):
                function = next((s for s in cls.body.body if isinstance(s, cst.FunctionDef)
                                 and s.name.value == call.func.attr.value), None)
                skip = 1
        if isinstance(function, cst.ClassDef) and isinstance(function.body, cst.IndentedBlock):
            # a class of this file: its __init__ receives the arguments after self
            function = next((s for s in function.body.body if isinstance(s, cst.FunctionDef)
                             and s.name.value == "__init__"), None)
            skip = 1
        return function, skip

    def cross_module_use(self, call: cst.Call, arg: cst.Arg) -> bool:
        """``helpers.server_ready(url, protocol)``: a helper of another module of the run whose parameter
        the run-wide first pass converts together with every call of it (`triton_migrate.crossfile`)."""
        view = crossfile.view_of(self.ctx.settings)
        entry = view.module_params.get(self.code(call.func)) if view is not None else None
        if entry is None:
            return False
        params, converted = entry
        bound = bind_arguments(call, params)
        name = next((k for k, v in (bound or {}).items() if v is arg.value), None)
        return name in converted

    def param_module_use(self, param: cst.Param, depth: int) -> bool:
        """Every read of the parameter is a module use."""
        scope = self.get_metadata(ScopeProvider, param.name, None)
        if scope is None:
            return False
        mine = [a for a in scope.assignments[param.name.value] if isinstance(a, Assignment)]  # type: ignore[union-attr]
        return len(mine) == 1 and mine[0].node is param and \
            all(self.module_use(ref.node, depth + 1) for ref in mine[0].references)

    def report_value(self, node: cst.CSTNode, name: str) -> None:
        self.report(node, f"`{name}` is used as a value here, not only to choose the client: V2 has no protocol "
                          "enum (each protocol is a module), so it is not rewritten.", applied=False,
                    severity="error", v1=name,
                    replacement='keep the protocol name as a string, e.g. FLAGS.protocol.lower() == "http", and '
                                'choose the module with httpclient if ... else grpcclient')

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if self.resolver.v1_name(original.func) != "ProtocolType.from_str" or len(original.args) != 1 \
                or original.args[0].keyword or original.args[0].star:
            return updated
        if not self.module_use(original):
            self.report_value(original, "ProtocolType.from_str()")
            return updated
        value = updated.args[0].value
        literal = _literal(value)
        if literal is not None:
            return self.rewrite_literal(original, literal)
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

    def rewrite_literal(self, original: cst.Call, literal: str) -> cst.BaseExpression:
        """``ProtocolType.from_str("grpc")``: the choice is known now, so it is the module itself."""
        module = {"http": "httpclient", "grpc": "grpcclient"}.get(literal.lower())
        if module is None:
            self.report(original, f"`ProtocolType.from_str({literal!r})` raises in V1 (only \"http\" and \"grpc\" "
                                  "are protocols), so it is not rewritten.", applied=False, severity="error",
                        v1="ProtocolType.from_str", replacement="httpclient or grpcclient")
            return original
        if not self.report(original, f"`ProtocolType.from_str({literal!r})` is now the module `{module}`.",
                           v1="ProtocolType.from_str", replacement=module):
            return original
        return cst.Name(module)  # a name needs no parentheses

    def rewrite(self, node: cst.CSTNode, updated: cst.CSTNode, name: str) -> Optional[cst.BaseExpression]:
        if name in MODULES:
            if not self.module_use(node):
                self.report_value(node, name)
                return None
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


def _literal(value: cst.BaseExpression) -> Optional[str]:
    """The text of a string literal (not an f-string, not bytes), else None."""
    if isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
        text = value.evaluated_value
        return text if isinstance(text, str) else None
    return None


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return wrapper.visit(_Protocol(ctx, wrapper.module))
