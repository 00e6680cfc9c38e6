"""A V1 ``run()`` whose input and output dicts take their form at run time, on a V2 client.

Real V1 sequence helpers build one ``run()`` for data and for shared memory::

    if use_shm:
        input_info = (shm_ip_handle, tensor_shape)               # a region and its item shape
        output_info = (InferContext.ResultFormat.RAW, shm_op_handle)
    else:
        input_info = input_list                                   # one array per batch item
        output_info = InferContext.ResultFormat.RAW
    results = ctx.run({INPUT: input_info}, {OUTPUT: output_info}, batch_size=batch_size, flags=flags)
    ... len(results), OUTPUT in results, results[OUTPUT][0][0] ...

Which form each value has is known only when it runs, and the tensor names are variables.  Such a
``run()`` becomes a call of ``_v1_run(client_module, client, model_name, inputs, outputs, batch_size,
batching, **keywords)``, a function written into the file beside its shared-memory registry
(`shmregistry`): it takes V1's dicts as they are at run time (numpy lists, ``(handle, shape)``
pairs or bare handles of regions the file created, ``"RAW"``, ``("RAW", handle)``, ``("CLASS", k)``),
builds the V2 inputs and outputs through the registry's ``_v1_input`` / ``_v1_output``, calls
``client.infer(...)`` with the keywords the infer rule builds (`infer.request_keywords`: version,
sequence id and flags, priority, timeout, headers), and returns V1's result dict (name -> one array
per batch item; an output placed in a region is read back by the registry's ``_v1_result``;
classification rows as V1's ``(index, value, label)`` tuples), so the uses of the result stay as
they are.  The format values ``InferContext.ResultFormat.RAW`` / ``CLASS`` the variables are assigned
become the strings ``"RAW"`` / ``"CLASS"``; a format variable read by several ``run()`` / ``async_run()``
calls (one per branch, with other outputs) is rewritten only when all of them convert (`_together`).

Converted only when all of this holds (else the ``run()`` keeps its finding and its context stays
V1, use by use): both dicts are displays; some value is a local variable assigned in its function
only by plain ``name = value`` statements; every value (or variable assignment) is one of the forms
above; every shared-memory handle is a name whose creation the file shows (`shmregistry.region`) as
a system region, or a local handle created as system or CUDA memory by branch (each creation recorded
with its kind: the registry's functions read either); a handle only ever CUDA, or from a parameter, a
caller's list or another module, keeps the context V1; an input region is written in its function with
``set_shared_memory_region(h, values)`` (its datatype); and the registry's names are free in the file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import libcst as cst
from libcst.metadata import Assignment, FunctionScope, ParentNodeProvider, ScopeProvider

from triton_migrate.v1client import shmreg, shmregistry
from triton_migrate.v1client.client import RunResult
from triton_migrate.v1client.inferasync import ASYNC_HELPER
from triton_migrate.v1client.shmregistry import INPUT, LOOKUP, OUTPUT, RESULT

HELPER = "_v1_run"
ASYNC = "_v1_async_run"
ASYNC_REQUEST = "_V1AsyncRequest"
RAW, CLASS = "InferContext.ResultFormat.RAW", "InferContext.ResultFormat.CLASS"
REVIEW = ("V1 took a numpy list or a shared-memory region for an input, and RAW or (RAW, region) for an output, "
          "in variables whose form is known at run time: this request is now `_v1_run(...)` (written into this "
          "file), which builds the V2 inputs and outputs from V1's dicts, calls `infer()` and returns V1's result "
          "dict (shared-memory outputs read back).")
ASYNC_REVIEW = ("V1's async_run() with a numpy list or a shared-memory region for an input, and RAW or (RAW, region) for "
                "an output, in variables whose form is known at run time: this request is now `_v1_async_run(client_module, "
                "client, callback, ...)` (written into this file), which builds the V2 inputs and outputs from V1's dicts and sends them "
                "with `async_infer()`; it returns a request whose `get_result()` returns V1's result dict "
                "(shared-memory outputs read back), so `get_async_run_results(request_id)` is `request_id.get_result()` "
                "and the uses of the result stay as they are. The V1 callback(ctx, request_id) is called as "
                "callback(client, request) (over HTTP right after sending, over gRPC on completion).")
WANTED = (LOOKUP, shmregistry.FILLED, INPUT, OUTPUT, RESULT)

SOURCE = f'''
def {HELPER}(client_module, client, model_name, inputs, outputs, batch_size=1, batching=True, **keywords):
    """V1's run() on a V2 client: V1's dicts as they are at run time (numpy lists, (handle, shape) or handles of
    shared-memory regions, "RAW", ("RAW", handle), ("CLASS", k)); returns V1's result (name -> one array per item)."""
    batch = batch_size if batching else None
    v2_inputs = []
    for name, value in inputs.items():
        if isinstance(value, tuple) and len(value) == 2 and {LOOKUP}(value[0]) is not None:
            v2_inputs.append({INPUT}(client_module, name, value[0], value[1], batch))
        else:
            v2_inputs.append({INPUT}(client_module, name, value, None, batch))
    v2_outputs, handles, classes = [], {{}}, set()
    for name, fmt in outputs.items():
        if isinstance(fmt, tuple) and len(fmt) == 2 and fmt[0] == "RAW":
            v2_outputs.append({OUTPUT}(client_module, name, fmt[1]))
            handles[name] = fmt[1]
        elif isinstance(fmt, tuple) and len(fmt) == 2 and fmt[0] == "CLASS":
            v2_outputs.append(client_module.InferRequestedOutput(name, class_count=fmt[1]))
            classes.add(name)
        elif fmt == "RAW":
            v2_outputs.append(client_module.InferRequestedOutput(name))
        else:
            raise ValueError("output %r: format %r is not RAW, (RAW, handle) or (CLASS, k)" % (name, fmt))
    response = client.infer(model_name, v2_inputs, outputs=v2_outputs, **keywords)
    results = {{}}
    for name in outputs:
        data = {RESULT}(response, name, handles.get(name))
        rows = list(data) if batching else [data]
        if name in classes:  # V2 returns b"value:index[:label]" strings, V1 (index, value, label) tuples
            rows = [[(int(c[1]), float(c[0]), c[2].decode() if len(c) > 2 else "")
                     for c in (e.split(b":", 2) for e in row)] for row in rows]
        results[name] = rows
    return results
'''

ASYNC_SOURCE = f'''
class {ASYNC_REQUEST}:
    """A request sent by {ASYNC}(): get_result() waits for it and returns V1's result dict."""

    def __init__(self, outputs, handles, classes, batching):
        self.outputs, self.handles, self.classes, self.batching = outputs, handles, classes, batching
        self.sent = None  # the request of async_infer() (it has get_result())

    def get_result(self, block=True, timeout=None):
        response = self.sent.get_result(block, timeout)
        results = {{}}
        for name in self.outputs:
            data = {RESULT}(response, name, self.handles.get(name))
            rows = list(data) if self.batching else [data]
            if name in self.classes:  # V2 returns b"value:index[:label]" strings, V1 (index, value, label) tuples
                rows = [[(int(c[1]), float(c[0]), c[2].decode() if len(c) > 2 else "")
                         for c in (e.split(b":", 2) for e in row)] for row in rows]
            results[name] = rows
        return results


def {ASYNC}(client_module, client, callback, model_name, inputs, outputs, batch_size=1, batching=True,@STREAM_PARAM@ **keywords):
    """V1's async_run() on a V2 client: V1's dicts as they are at run time (as {HELPER}()), sent with async_infer()@STREAM_DOC@;
    returns a request whose get_result() returns V1's result dict.  The V1 callback is called as
    callback(client, request) when async_infer() calls its own."""
    batch = batch_size if batching else None
    v2_inputs = []
    for name, value in inputs.items():
        if isinstance(value, tuple) and len(value) == 2 and {LOOKUP}(value[0]) is not None:
            v2_inputs.append({INPUT}(client_module, name, value[0], value[1], batch))
        else:
            v2_inputs.append({INPUT}(client_module, name, value, None, batch))
    v2_outputs, handles, classes = [], {{}}, set()
    for name, fmt in outputs.items():
        if isinstance(fmt, tuple) and len(fmt) == 2 and fmt[0] == "RAW":
            v2_outputs.append({OUTPUT}(client_module, name, fmt[1]))
            handles[name] = fmt[1]
        elif isinstance(fmt, tuple) and len(fmt) == 2 and fmt[0] == "CLASS":
            v2_outputs.append(client_module.InferRequestedOutput(name, class_count=fmt[1]))
            classes.add(name)
        elif fmt == "RAW":
            v2_outputs.append(client_module.InferRequestedOutput(name))
        else:
            raise ValueError("output %r: format %r is not RAW, (RAW, handle) or (CLASS, k)" % (name, fmt))
    request = {ASYNC_REQUEST}(list(outputs), handles, classes, batching)

    def completed(client, sent):
        request.sent = sent  # a gRPC request may complete before async_infer() returns
        if callback is not None:
            callback(client, request)

@SEND@
    return request
'''


#: What an adapted async_run() gives `get_async_run_results()`: V1's result dict (its uses stay as they are).
ADAPTED = RunResult({}, True, "", None, {"adapted": True})


_SEND = "    request.sent = {helper}(client, completed, model_name, v2_inputs, outputs=v2_outputs, **keywords)"


def async_source(stream: bool) -> str:
    """``_v1_async_run`` (and its request class); with ``stream``, a ``stream=`` parameter: a request of a
    context streaming by a row at run time goes on the client's V2 stream (inferstream's stream_infer)."""
    if not stream:
        return ASYNC_SOURCE.replace("@STREAM_PARAM@", "").replace("@STREAM_DOC@", "").replace(
            "@SEND@", _SEND.format(helper=ASYNC_HELPER))
    send = ("    if stream:  # the context streams (V1 streaming=True): on the client's own V2 stream, in order\n"
            + _SEND.format(helper="stream_infer").replace("    ", "        ", 1) + "\n    else:\n"
            + _SEND.format(helper=ASYNC_HELPER).replace("    ", "        ", 1))
    return ASYNC_SOURCE.replace("@STREAM_PARAM@", " stream=False,").replace(
        "@STREAM_DOC@", "\n    (stream_infer() when `stream`: V1's streaming context)").replace("@SEND@", send)


@dataclass
class Form:
    """What a dict value (or one assignment of its variable) is: ``kind`` data / region / raw / shm / class."""

    kind: str
    handle: Optional[cst.Name] = None
    creations: tuple = ()  # the handle's create_shared_memory_region(...) calls (one per branch)


@dataclass
class Plan:
    runs: dict[cst.Call, str] = field(default_factory=dict)  # adapted run() -> "" or why it stays V1
    formats: dict[cst.Call, list[cst.SimpleStatementLine]] = field(default_factory=dict)  # run -> its format assignments
    left: dict[cst.SimpleStatementLine, cst.SimpleStatementLine] = field(default_factory=dict)
    converted: list[cst.Call] = field(default_factory=list)
    sent: list[cst.Call] = field(default_factory=list)  # the converted async_run() calls
    streamed: bool = False  # some of them stream or not by a row at run time (`stream=`)


def _assignments(rw: Any, name: cst.Name) -> Optional[list[tuple[cst.SimpleStatementLine, cst.BaseExpression]]]:
    """The ``name = value`` statements of a local variable, or None when it is bound otherwise."""
    scope = rw.get_metadata(ScopeProvider, name, None)
    if not isinstance(scope, FunctionScope) or name.value not in scope.assignments:
        return None
    found = []
    for assignment in scope.assignments[name.value]:
        if not isinstance(assignment, Assignment) or not isinstance(assignment.node, cst.Name):
            return None
        target = rw.get_metadata(ParentNodeProvider, assignment.node, None)
        assign = rw.get_metadata(ParentNodeProvider, target, None) if target is not None else None
        statement = rw.get_metadata(ParentNodeProvider, assign, None) if assign is not None else None
        if not (isinstance(target, cst.AssignTarget) and isinstance(assign, cst.Assign) and len(assign.targets) == 1
                and isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            return None
        found.append((statement, assign.value))
    return found


def _format(rw: Any, node: cst.BaseExpression) -> str:
    return rw.resolver.v1_name(node) or rw.aliases.format_of(node) or ""


def _creations(rw: Any, node: cst.Name) -> Optional[list]:
    """The creations of a local handle assigned only from ``create_shared_memory_region(...)`` (one per branch:
    system or CUDA by a flag), as (call, region) pairs, or None."""
    assigned = _assignments(rw, node)
    if not assigned:
        return None
    found = []
    for _, value in assigned:
        call = shmregistry.creation(value)
        region = shmregistry.region_of(rw, call) if call is not None else None
        if region is None:
            return None
        found.append((call, region))
    return found


def _factory_creations(rw: Any, node: cst.BaseExpression) -> Optional[tuple]:
    """For ``P[...]``, ``P`` a parameter of a method whose every call in the run passes a list made by factory
    methods of its class (`seqcross`, `FileView.seq_params`): the region creations of those factories."""
    from triton_migrate.crossfile import view_of

    view = view_of(getattr(getattr(rw, "ctx", None), "settings", None))
    if view is None or not view.seq_params or not (isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name)):
        return None
    scope = rw.get_metadata(ScopeProvider, node.value, None)
    if not isinstance(scope, FunctionScope) or node.value.value not in scope.assignments:
        return None
    assigned = list(scope.assignments[node.value.value])
    if len(assigned) != 1 or not isinstance(assigned[0].node, cst.Param):
        return None
    function = rw.get_metadata(ParentNodeProvider, rw.get_metadata(ParentNodeProvider, assigned[0].node, None), None)
    body = rw.get_metadata(ParentNodeProvider, function, None) if isinstance(function, cst.FunctionDef) else None
    klass = rw.get_metadata(ParentNodeProvider, body, None) if body is not None else None
    if not isinstance(klass, cst.ClassDef):
        return None
    factories = view.seq_params.get(f"{klass.name.value}.{function.name.value}", {}).get(node.value.value)
    if not factories:
        return None
    from libcst import matchers as m

    found = []
    for method in klass.body.body:
        if isinstance(method, cst.FunctionDef) and method.name.value in factories:
            found += [c for c in m.findall(method, m.Call()) if shmregistry.creation(c) is c]
    if not found or any(shmregistry.region_of(rw, c) is None for c in found):
        return None
    return tuple(found)


def _formatted(node: cst.CSTNode) -> bool:
    """No call inside but ``"literal".format(...)`` of such expressions: it may be evaluated twice."""
    from libcst import matchers as m

    for call in m.findall(node, m.Call() | m.Await() | m.Yield() | m.NamedExpr()):
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "format"
                and isinstance(call.func.value, cst.SimpleString) and all(not a.star for a in call.args)):
            return False
    return True


def _list_registered(rw: Any, created: cst.Call) -> Optional[tuple]:
    """`shmreg._registered` for a region of a factory's list (input when written in its function, else output),
    whose name and key may be ``"literal".format(...)`` of plain values (the record repeats them)."""
    from libcst import matchers as m

    assign = rw.get_metadata(ParentNodeProvider, created, None)
    statement = rw.get_metadata(ParentNodeProvider, assign, None) if assign is not None else None
    if not (isinstance(assign, cst.Assign) and assign.value is created and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name) and isinstance(statement, cst.SimpleStatementLine)
            and isinstance(created.func, cst.Attribute) and _formatted(created.func.value)
            and all(_formatted(a.value) for a in created.args)):
        return None
    handle = assign.targets[0].target.value
    region = shmregistry.region_of(rw, created)
    if region is None:
        return None
    line = "" if shmregistry.recorded(rw, statement, handle) else shmregistry.record_line(region, handle)
    function = shmreg.enclosing(rw, created, cst.FunctionDef) or rw.module
    writes = {c: handle for c in m.findall(function, m.Call()) if shmreg._method(c, shmregistry.SET)
              and len(c.args) == 2 and m.matches(c.args[0].value, m.Name(handle)) and not c.args[1].keyword
              and not c.args[1].star}
    return statement, line, writes


def _handle(rw: Any, node: cst.BaseExpression) -> tuple[Optional[Form], str]:
    made = _factory_creations(rw, node)
    if made:  # regions of this file's factories, handed back by every caller (seqcross): recorded at creation
        return Form("list", node.value, made), ""  # type: ignore[attr-defined]
    if not isinstance(node, cst.Name):
        return None, f"the shared-memory handle `{rw.code(node)}` is not a name whose creation this file shows"
    branches = _creations(rw, node)
    if branches and any(r.kind == "system" for _, r in branches):
        # system or CUDA by branch: each creation is recorded with its kind; the registry's functions read it
        return Form("region", node, tuple(c for c, _ in branches)), ""
    found = shmregistry.region(rw, node) if not branches else branches[0][1]
    if found is None:
        return None, (f"the shared-memory handle `{node.value}` is not one region this file creates (a parameter, a "
                      "caller's list, another module or several creations): its name and size are unknown here")
    if found.kind != "system":
        return None, f"`{node.value}` is a CUDA shared-memory region (not converted by the run-time adapter)"
    return Form("region", node), ""


def _input(rw: Any, node: cst.BaseExpression, depth: int = 0) -> tuple[Optional[Form], str]:
    if isinstance(node, cst.Tuple) and len(node.elements) == 2:
        return _handle(rw, node.elements[0].value)
    if isinstance(node, (cst.List, cst.ListComp, cst.Tuple)):  # a 2-tuple is V1's (handle, shape), above
        return Form("data"), ""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "list":
        return Form("data"), ""
    if isinstance(node, cst.Name) and depth == 0:
        if rw.shm_region(node) is not None:
            return _handle(rw, node)
        assigned = _assignments(rw, node)
        if assigned and all(getattr(_input(rw, value, 1)[0], "kind", None) == "data" for _, value in assigned):
            return Form("data"), ""
    return None, f"input `{rw.code(node)}` is neither a numpy list nor a shared-memory region the tool can follow"


def _output(rw: Any, node: cst.BaseExpression) -> tuple[Optional[Form], str]:
    if _format(rw, node) == RAW:
        return Form("raw"), ""
    if isinstance(node, cst.Tuple) and len(node.elements) == 2:
        fmt = _format(rw, node.elements[0].value)
        if fmt == CLASS:
            return Form("class"), ""
        if fmt == RAW:
            form, why = _handle(rw, node.elements[1].value)
            return (Form("list" if form.kind == "list" else "shm", form.handle, form.creations) if form else None), why
    return None, f"output format `{rw.code(node)}` is not RAW, (RAW, handle) or (CLASS, k)"


def _read_as_output(rw: Any, name: cst.Name) -> bool:
    """Every read of the variable ``name`` is an output value of a ``run()`` / ``async_run()`` dict display (its
    format values are rewritten for `_v1_run`; `plan` then converts all those calls or none)."""
    scope = rw.get_metadata(ScopeProvider, name, None)
    reads = [a.node for a in scope.accesses[name.value]] if scope is not None else []
    if not reads or name not in reads:
        return False
    for read in reads:
        element = rw.get_metadata(ParentNodeProvider, read, None)
        display = rw.get_metadata(ParentNodeProvider, element, None) if element is not None else None
        arg = rw.get_metadata(ParentNodeProvider, display, None) if display is not None else None
        call = rw.get_metadata(ParentNodeProvider, arg, None) if arg is not None else None
        if not (isinstance(element, cst.DictElement) and element.value is read and isinstance(arg, cst.Arg)
                and isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
                and call.func.attr.value in ("run", "async_run")):
            return False
    return True


def _forms(rw: Any, value: cst.BaseExpression, role: str, statements: list) -> tuple[list[Form], str, bool]:
    """The forms a dict value may have, why not (or ""), and whether it is a variable assigned several forms."""
    check = _input if role == "input" else _output
    if isinstance(value, cst.Name) and rw.shm_region(value) is None and not _format(rw, value):
        assigned = _assignments(rw, value)
        if assigned and role == "output" and not _read_as_output(rw, value):
            return [], f"the output format `{value.value}` is also read outside this run()", True
        if assigned:
            forms = []
            for statement, assigned_value in assigned:
                form, why = check(rw, assigned_value)
                if form is None:  # one assignment of a form the adapter does not know (``[a] * bs``): the
                    return [], why, len(assigned) > 1 or role == "output"  # infer rule's own path decides
                forms.append(form)
                if role == "output":
                    statements.append(statement)
            return forms, "", len(assigned) > 1 or role == "output"
    form, why = check(rw, value)
    return ([form] if form else []), why, False


def plan(rw: Any, module: cst.Module, run_params: tuple) -> Plan:
    """The run() calls the adapter takes (or refuses, with the reason), and the registry records they need."""
    from libcst import matchers as m
    from triton_migrate.analysis.resolve import bind_arguments

    from triton_migrate.v1client.client import ASYNC_RUN_PARAMS

    found = Plan()
    if not shmregistry.available(rw):
        return found
    from triton_migrate.analysis.cstwalk import calls_of

    for call in calls_of(module, frozenset({"run", "async_run"})):
        method = call.func.attr.value  # type: ignore[attr-defined]
        args = bind_arguments(call, run_params if method == "run" else ASYNC_RUN_PARAMS)  # type: ignore[arg-type]
        if args is None or not isinstance(args.get("inputs"), cst.Dict) or not isinstance(args.get("outputs"), cst.Dict):
            continue
        statements: list[cst.SimpleStatementLine] = []
        forms: list[Form] = []
        why, varied = "", False
        for role, display in (("input", args["inputs"]), ("output", args["outputs"])):
            for element in display.elements:  # type: ignore[union-attr]
                if not isinstance(element, cst.DictElement):
                    why = why or "a dict element is `**` unpacked"
                    continue
                got, reason, several = _forms(rw, element.value, role, statements)
                varied |= several
                forms += got
                why = why or reason
        if not varied:
            continue  # the infer rule's own conversion (or its finding) applies
        if not why:
            why = _records(rw, forms)
        found.runs[call] = why
        found.formats[call] = statements
    _together(found)
    return found


def _together(found: Plan) -> None:
    """A format variable read by several run() calls (``if batching: ctx.run(...) else: ctx.run(...)``) is
    rewritten for all of them: when one of them stays V1, so do the others."""
    changed = True
    while changed:
        changed = False
        held = {id(s) for call, why in found.runs.items() if why for s in found.formats.get(call, ())}
        for call, why in found.runs.items():
            if not why and any(id(s) in held for s in found.formats.get(call, ())):
                found.runs[call] = ("its output format variable is also read by another run() that is not "
                                    "converted")
                changed = True


def _records(rw: Any, forms: list[Form]) -> str:
    """Put the record of each region the run may receive after its creation (through the shmreg plan)."""
    planned = []
    for form in forms:
        if form.handle is None:
            continue
        for created in form.creations or (rw.shm_region(form.handle),):
            if form.kind == "list":  # an input or an output region: written in its function or not
                registered = _list_registered(rw, created)
            else:
                registered = shmreg._registered(rw, created, INPUT if form.kind == "region" else OUTPUT)
            if registered is None:
                return (f"the region `{form.handle.value}` is not created by a plain `name = module.create_shared_"
                        "memory_region(...)` statement" + (" and written with set_shared_memory_region() in its "
                                                           "function" if form.kind == "region" else ""))
            planned.append(registered)
    for statement, line, writes in planned:
        have = rw.shmreg.after.setdefault(statement, [])
        if line and line not in have:
            have.append(line)
        rw.shmreg.fills.update(writes)
    return ""


def _format_code(rw: Any, node: cst.BaseExpression) -> str:
    """A format value with V1's RAW / CLASS as the adapter's strings."""
    fmt = _format(rw, node)
    if fmt == RAW:
        return '"RAW"'
    if isinstance(node, cst.Tuple) and len(node.elements) == 2:
        first = _format(rw, node.elements[0].value)
        if first in (RAW, CLASS):
            return f'("{first.rsplit(".", 1)[1]}", {rw.code(node.elements[1].value)})'
    return rw.code(node)


def convert(rw: Any, found: Plan, original: cst.Call, updated: cst.Call, bound: Any, args: dict,
            batch: str, batching: bool, keywords: list[str], send: bool = False,
            stream: str = "") -> Optional[cst.BaseExpression]:
    """``_v1_run(...)`` for an adapted run() (reported), ``_v1_async_run(send=<send>, ...)`` for an adapted
    async_run() (``send``: true), ``updated`` when it is refused (reported), or None
    when the adapter does not take this call."""
    if original not in found.runs:
        return None
    if found.runs[original]:
        return updated  # reported once, by `finish` (this pass may be rolled back; the next one reports)
    if send:
        if not rw.report(original, ASYNC_REVIEW, applied=True, severity="warning", v1="InferContext.async_run",
                         replacement=f"{ASYNC}(client_module, client, callback, model_name, inputs, outputs, "
                                     "batch_size, ...)"):
            return updated
    elif not rw.report(original, REVIEW, applied=True, severity="warning", v1="InferContext.run",
                       replacement=f"{HELPER}(client_module, client, model_name, inputs, outputs, batch_size, ...)"):
        return updated
    inputs = "{" + ", ".join(f"{rw.code(e.key)}: {rw.code(e.value)}" for e in args["inputs"].elements) + "}"
    outputs = "{" + ", ".join(f"{rw.code(e.key)}: {_format_code(rw, e.value)}" for e in args["outputs"].elements) + "}"
    client = rw.code(updated.func.value)
    # keywords throughout: `client_module=` is how the protocol rule knows the row item is a module use
    callback = args.get("callback")
    head = (f"{ASYNC}(client_module={rw.module_expr(bound)}, client={client}, "
            f"callback={rw.code(callback) if callback is not None else 'None'}, ") if send else \
        f"{HELPER}(client_module={rw.module_expr(bound)}, client={client}, "
    text = (head + f"model_name={rw.code(bound.args['model_name'])}, inputs={inputs}, outputs={outputs}, "
            f"batch_size={batch}, batching={batching}" + "".join(f", {k}" for k in keywords) + ")")
    if stream:
        text = text[:-1] + f", stream={stream})"
        found.streamed = True
    found.converted.append(original)
    if send:
        found.sent.append(original)
    rw.shmreg.used = True
    return cst.parse_expression(text).with_changes(lpar=original.lpar, rpar=original.rpar)


def _local_context(rw: Any, call: cst.Call) -> bool:
    """The receiver of ``call`` is a name assigned once from a V1 ``InferContext(...)``."""
    from triton_migrate.analysis.resolve import single_assignment

    receiver = call.func.value  # type: ignore[attr-defined]
    target = single_assignment(rw, receiver) if isinstance(receiver, cst.Name) else None
    assign = rw.get_metadata(ParentNodeProvider, rw.get_metadata(ParentNodeProvider, target, None), None) \
        if isinstance(target, cst.Name) else None
    return isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call) \
        and rw.resolver.v1_name(assign.value.func) == "InferContext"


def leave_statement(found: Plan, original: cst.SimpleStatementLine, updated: Any) -> None:
    if isinstance(updated, cst.SimpleStatementLine) and any(original in s for s in found.formats.values()):
        found.left[original] = updated


class _Replace(cst.CSTTransformer):
    """Each statement of ``replacements`` (id -> (statement, its replacement)) replaced."""

    def __init__(self, replacements: dict[int, tuple[cst.SimpleStatementLine, cst.SimpleStatementLine]]) -> None:
        super().__init__()
        self.replacements = replacements

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        found = self.replacements.get(id(original))
        return found[1] if found is not None and found[0] is original else updated


def finish(rw: Any, found: Plan, module: cst.Module) -> cst.Module:
    """The module with the format assignments of the converted runs rewritten, the registry and ``_v1_run``;
    each refused run() of a local V1 context reported with its reason (the verifier then names the rest)."""
    for call, why in found.runs.items():
        if why and _local_context(rw, call):
            rw.fail(call, why)
    if not found.converted:
        return module
    converted = {id(c) for c in found.converted}
    done: set[int] = set()
    replacements: dict[int, tuple[cst.SimpleStatementLine, cst.SimpleStatementLine]] = {}
    for call in found.converted:
        for statement in found.formats.get(call, ()):
            new = found.left.get(statement)
            if new is None or not isinstance(new.body[0], cst.Assign) or id(statement) in done:
                continue
            done.add(id(statement))
            if any(id(other) not in converted for other, held in found.formats.items() if statement in held):
                continue  # another reader stays V1 here (its verifier findings name it): V1's format is kept
            value = statement.body[0].value  # type: ignore[attr-defined]
            code = _format_code(rw, value)
            if code == rw.code(value):
                continue
            rw.report(statement, "A V1 output format held in a variable that now goes to `_v1_run()`: "
                                 f"`{rw.code(value)}` is now `{code}`.", applied=True, v1="ResultFormat",
                      replacement=code)
            replaced = new.with_changes(body=[new.body[0].with_changes(value=cst.parse_expression(code))])
            replacements[id(new)] = (new, replaced)
    if replacements:
        module = module.visit(_Replace(replacements))  # one pass for all (a deep_replace each was a pass each)
    module = shmregistry.install(module, WANTED)
    wanted = []
    if len(found.sent) < len(found.converted):
        wanted.append((HELPER, SOURCE))
    if found.sent:
        wanted.append((ASYNC, async_source(found.streamed)))
    for name, source in wanted:
        if any(isinstance(s, cst.FunctionDef) and s.name.value == name for s in module.body):
            continue
        body = list(module.body)
        last = max(i for i, s in enumerate(body) if isinstance(s, (cst.FunctionDef, cst.ClassDef)) and (
            s.name.value in shmregistry.NAMES or s.name.value in (HELPER, ASYNC)))
        helpers = [s.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
                   for s in cst.parse_module(source.lstrip("\n")).body]
        module = module.with_changes(body=body[:last + 1] + helpers + body[last + 1:])
    return module


__all__ = ["ADAPTED", "ASYNC", "HELPER", "Plan", "convert", "finish", "leave_statement", "plan"]
