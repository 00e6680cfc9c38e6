"""The one shared-memory registry of a migrated file, and the one recogniser of region creation.

V1 took a region's handle where V2 takes the region's name (and key or device, size and
kind).  When the tool cannot read those from the creation at the use (a handle known at
run time: a helper's parameter, a list grown in a loop, handles a factory returns), the
migrated file records each region it creates and the use reads the record back:

- ``_V1_SHM_REGIONS = {}``: ``id(handle) -> [handle, helper module, kind, name, key or
  device, byte size, (dtype, item shape) written]``; the entry keeps the handle alive, so
  an ``id()`` never names another object;
- ``_v1_region(module, handle, kind, name, key_or_device, byte_size)``, a statement right
  after each ``create_shared_memory_region(...)`` whose region a use needs;
- the functions that read it, written in only when a converted use calls them:
  ``_v1_filled`` / ``_v1_input`` / ``_v1_output`` / ``_v1_result`` (`shmreg`: a ``run()``
  input or output that is a numpy list or a region at run time), ``_v1_register`` /
  ``_v1_unregister`` (`shmlists`, `shmunregister`: ``register(h)`` / ``unregister(h)`` by
  the region's kind, name, key or device and size).

Every rule that needs the registry goes through this module: one block per file (a
later rule adds the functions it needs to the block an earlier rule wrote, and never
records a creation twice), one record line format, one recogniser of a creation
(``creation``), one reading of its arguments (``region_of``).

API for other rules (the name and byte size of a handle):

- ``region(rw, handle) -> Region | None``: for a handle expression whose creation the
  file shows (a name assigned once from ``create_shared_memory_region(...)``, or a
  constant index of a list of regions, see `shmindex`), the region's ``name``,
  ``byte_size``, ``where`` (key or CUDA device), ``kind`` (``"system"`` / ``"cuda"``)
  and ``module`` as code; None when it is not known where the handle comes from.
- At run time: a rule that needs a region's name and byte size where only the handle is
  known records each creation (``record_line(region_of(rw, call), handle)`` after the
  creation statement, unless ``recorded(...)``; ``followed_by`` adds it) and writes
  ``_v1_shm_region(h)`` into the file with ``install(module, {LOOKUP})``: it returns
  ``(name, byte_size)`` of a region the file created, or None for any other value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ParentNodeProvider, QualifiedNameProvider, ScopeProvider

CREATE = "create_shared_memory_region"
SET = "set_shared_memory_region"
REGISTRY = "_V1_SHM_REGIONS"
RECORD, FILLED, INPUT, OUTPUT, RESULT = "_v1_region", "_v1_filled", "_v1_input", "_v1_output", "_v1_result"
REGISTER, UNREGISTER, LOOKUP = "_v1_register", "_v1_unregister", "_v1_shm_region"
FUNCTIONS = (RECORD, LOOKUP, FILLED, INPUT, OUTPUT, RESULT, REGISTER, UNREGISTER)  # the block's order
NAMES = (REGISTRY, *FUNCTIONS)
COMMENT = "# V1 took a shared-memory handle where V2 takes the region's name: the regions this file creates."


# -- recognising a creation and reading its arguments ------------------------------------------------

def creation(value: Optional[cst.CSTNode]) -> Optional[cst.Call]:
    """``value`` when it is a ``create_shared_memory_region(...)`` call (``M.create...`` or a bare name)."""
    if isinstance(value, cst.Call) and isinstance(value.func, (cst.Attribute, cst.Name)) and value.args:
        name = value.func.attr.value if isinstance(value.func, cst.Attribute) else value.func.value
        if name == CREATE:
            return value
    return None


def is_cuda(rw: Any, call: cst.Call) -> bool:
    """The creation is the CUDA helper module's."""
    return any("cuda_shared_memory" in q.name for q in rw.get_metadata(QualifiedNameProvider, call.func, set()))


@dataclass(frozen=True)
class Region:
    """A region's creation, its arguments as code (``where``: the key of a system region, the device of a
    CUDA region; ``module``: the helper module the creation is read through, ``None`` for a bare name)."""

    call: cst.Call
    kind: str
    name: str
    where: str
    byte_size: str
    module: str


def region_of(rw: Any, call: cst.Call) -> Optional[Region]:
    """The arguments of the creation ``call``, or None when they cannot be read (``*args``, an unknown
    keyword, a missing argument)."""
    cuda = is_cuda(rw, call)
    if any(a.star for a in call.args):
        return None
    if cuda:
        params: tuple[str, ...] = ("triton_shm_name", "byte_size", "device_id")
    elif len(call.args) == 3 or any(a.keyword and a.keyword.value == "shm_key" for a in call.args):
        params = ("triton_shm_name", "shm_key", "byte_size")
    else:
        return None  # neither helper module's signature
    args: dict[str, str] = {}
    for i, arg in enumerate(call.args):
        key = arg.keyword.value if arg.keyword else (params[i] if i < len(params) else "")
        key = "triton_shm_name" if key == "trtis_shm_name" else key
        if key not in params:
            return None
        args[key] = rw.code(arg.value)
    if "device_id" in params:
        args.setdefault("device_id", "0")
    if any(p not in args for p in params):
        return None
    module = rw.code(call.func.value) if isinstance(call.func, cst.Attribute) else "None"
    system = "shm_key" in params
    return Region(call, "system" if system else "cuda", args["triton_shm_name"],
                  args["shm_key" if system else "device_id"], args["byte_size"], module)


def region(rw: Any, handle: cst.BaseExpression) -> Optional[Region]:
    """The API: the region (name, byte size, key or device, kind) of a handle whose creation the file shows."""
    call = rw.shm_region(handle)
    return region_of(rw, call) if call is not None else None


# -- the record line ---------------------------------------------------------------------------------

def record_line(found: Region, handle: str, module: bool = True) -> str:
    """The statement that records the region ``found`` under the handle expression ``handle``; its helper
    module only when ``module`` (``_v1_result`` reads an output back through it; a record that only serves
    ``_v1_register`` / ``_v1_unregister`` does not name a module that may stay V1)."""
    return (f"{RECORD}({found.module if module else None}, {handle}, {found.kind!r}, {found.name}, "
            f"{found.where}, {found.byte_size})")


def recorded(rw: Any, statement: cst.CSTNode, handle: str) -> bool:
    """The statement after ``statement`` already records ``handle`` (an earlier rule or run wrote it)."""
    block = rw.get_metadata(ParentNodeProvider, statement, None)
    body = list(getattr(block, "body", ()) or ())
    if statement not in body:
        return False
    index = body.index(statement)
    after = body[index + 1] if index + 1 < len(body) else None
    return m.matches(after, m.SimpleStatementLine(body=[m.Expr(m.Call(func=m.Name(RECORD), args=[
        m.DoNotCare(), m.Arg(value=m.MatchIfTrue(lambda v: rw.code(v) == handle)), m.ZeroOrMore()]))]))


def available(rw: Any) -> bool:
    """The registry's names are free in the file, or they are the file's own registry (written by an
    earlier rule or run: a module-level ``_V1_SHM_REGIONS = {}`` and the functions of its block)."""
    scope = rw.get_metadata(ScopeProvider, rw.module, None)
    if scope is None:
        return False
    used = [n for n in NAMES if n in scope]
    if not used:
        return True
    start, end = _block(rw.module)
    if start < 0:
        return False
    defined = {_defines(s) for s in rw.module.body[start:end]}
    return all(n in defined and len(scope.assignments[n]) == 1 for n in used)


def followed_by(result: Any, lines: Iterable[str], added: Optional[set[int]] = None) -> Any:
    """A rewritten statement (or statements) followed by the statements ``lines`` (their ids put in
    ``added``)."""
    new = [cst.parse_statement(line) for line in lines]
    if not new or isinstance(result, cst.RemovalSentinel):
        return result
    if added is not None:
        added.update(id(s) for s in new)
    statements = list(result.nodes) if isinstance(result, cst.FlattenSentinel) else [result]
    return cst.FlattenSentinel([*statements, *new])


class _Strip(cst.CSTTransformer):
    """Remove the record statements ``added`` (no converted use needed them) and ``_v1_filled`` wraps."""

    def __init__(self, added: set[int]) -> None:
        super().__init__()
        self.added = added

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine):  # type: ignore[no-untyped-def]
        return cst.RemovalSentinel.REMOVE if id(original) in self.added else updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if id(original) in self.added and len(updated.args) == 2:
            return updated.args[1].value
        return updated


def strip(module: cst.Module, added: set[int]) -> cst.Module:
    """``module`` without the record statements and fills this pass added."""
    return module.visit(_Strip(added)) if added else module  # type: ignore[return-value]


# -- the block written into the file -----------------------------------------------------------------

def _source(name: str, cuda_module: str) -> str:
    if name == RECORD:
        return f'''
def {RECORD}(module, handle, kind, name, where, byte_size):
    """Remember a region by its handle: V1 took the handle where V2 takes the region's name, kind and size."""
    {REGISTRY}[id(handle)] = [handle, module, kind, name, where, byte_size, None]
'''
    if name == LOOKUP:
        return f'''
def {LOOKUP}(handle):
    """(name, byte size) of a region this file created, or None for any other value (V1 took the handle)."""
    region = {REGISTRY}.get(id(handle))
    return None if region is None else (region[3], region[5])
'''
    if name == FILLED:
        return f'''
def {FILLED}(handle, values):
    """Remember the datatype and item shape of what is written into a region (a V2 input names them)."""
    region = {REGISTRY}.get(id(handle))
    if region is not None and len(values):
        region[6] = (values[0].dtype, list(values[0].shape))
    return values
'''
    if name == INPUT:
        return f'''
def {INPUT}(client_module, name, value, shape=None, batch_size=None):
    """The V2 input for a V1 input given as a numpy list or as a shared-memory region (V1 took either)."""
    import numpy as np
    from tritonclient.utils import np_to_triton_dtype

    region = {REGISTRY}.get(id(value))
    if region is None:
        data = np.stack(value) if batch_size is not None else value[0]
        tensor = client_module.InferInput(name, list(data.shape), np_to_triton_dtype(data.dtype))
        tensor.set_data_from_numpy(data)
        return tensor
    if region[6] is None:
        raise ValueError("shared-memory region %r: nothing was written into it with set_shared_memory_region(), "
                         "so the datatype of input %r is unknown" % (region[3], name))
    dtype, dims = region[6]
    dims = list(shape) if shape is not None else dims
    tensor = client_module.InferInput(name, ([batch_size] if batch_size is not None else []) + dims,
                                      np_to_triton_dtype(dtype))
    tensor.set_shared_memory(region[3], region[5])
    return tensor
'''
    if name == OUTPUT:
        return f'''
def {OUTPUT}(client_module, name, handle):
    """The V2 requested output for a V1 output placed in a shared-memory region."""
    region = {REGISTRY}.get(id(handle))
    if region is None:
        raise ValueError("output %r: its handle is not a shared-memory region created in this file" % (name,))
    tensor = client_module.InferRequestedOutput(name)
    tensor.set_shared_memory(region[3], region[5])
    return tensor
'''
    if name == RESULT:
        return f'''
def {RESULT}(result, name, handle):
    """What V1 returned for an output: V2 leaves an output placed in shared memory in the region."""
    from tritonclient.utils import triton_to_np_dtype

    region = {REGISTRY}.get(id(handle))
    if region is None:
        return result.as_numpy(name)
    output = result.get_output(name)
    if isinstance(output, dict):
        datatype, shape = output["datatype"], list(output["shape"])
    else:
        datatype, shape = output.datatype, list(output.shape)
    # a copy, as V1's result was: the helpers' array is a view of the region, invalid once it is destroyed
    return region[1].get_contents_as_numpy(handle, triton_to_np_dtype(datatype), shape).copy()
'''
    if name == REGISTER:
        cuda = (f"    if kind == \"cuda\":\n"
                f"        client.register_cuda_shared_memory(name, {cuda_module}.get_raw_handle(handle), where, "
                f"byte_size)\n"
                f"    else:\n"
                f"        client.register_system_shared_memory(name, where, byte_size)\n") if cuda_module else \
            "    client.register_system_shared_memory(name, where, byte_size)\n"
        return (f"\ndef {REGISTER}(client, handle):\n"
                f"    \"\"\"Register a region this file created, by its name, key or device, and size.\"\"\"\n"
                f"    kind, name, where, byte_size = {REGISTRY}[id(handle)][2:6]\n" + cuda)
    return f'''
def {UNREGISTER}(client, handle):
    """Unregister a region this file created, by its name and kind."""
    kind, name = {REGISTRY}[id(handle)][2:4]
    if kind == "cuda":
        client.unregister_cuda_shared_memory(name)
    else:
        client.unregister_system_shared_memory(name)
'''


def _defines(statement: cst.CSTNode) -> str:
    if isinstance(statement, cst.FunctionDef):
        return statement.name.value
    if m.matches(statement, m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(m.Name(REGISTRY))],
                                                                 value=m.Dict(elements=[]))])):
        return REGISTRY
    return ""


def _block(module: cst.Module) -> tuple[int, int]:
    """(start, end) of the registry block in ``module.body``, or (-1, -1)."""
    body = list(module.body)
    for start, statement in enumerate(body):
        if _defines(statement) == REGISTRY:
            end = start + 1
            while end < len(body) and _defines(body[end]) in FUNCTIONS:
                end += 1
            return start, end
    return -1, -1


def install(module: cst.Module, wanted: Iterable[str], cuda_module: str = "") -> cst.Module:
    """``module`` with the registry and the functions ``wanted`` (and the record function) after its imports,
    or added to the block an earlier rule wrote (whose functions stay as they are)."""
    wanted = set(wanted) | {RECORD}
    start, end = _block(module)
    have = {_defines(s): s for s in module.body[start:end]} if start >= 0 else {}
    if start >= 0 and wanted <= set(have):
        return module
    functions = []
    for name in FUNCTIONS:
        if name in have:
            functions.append(have[name])
        elif name in wanted:
            functions.append(cst.parse_module(_source(name, cuda_module).lstrip("\n")).body[0])
    functions = [f.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()]) for f in functions]
    if start >= 0:
        body = list(module.body)
        return module.with_changes(body=body[:start + 1] + functions + body[end:])
    registry = cst.parse_statement(f"{REGISTRY} = {{}}  # id(handle) -> [handle, helper module, kind, name, "
                                   f"key or device, byte size, (dtype, item shape) written]")
    return _after_imports(module, [registry, *functions])


def _after_imports(module: cst.Module, helper: list) -> cst.Module:  # type: ignore[type-arg]
    """``module`` with the statements ``helper`` after its opening imports (and docstring), the first one
    under the registry's comment."""
    body = list(module.body)
    last = -1
    for index, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine):
            break
        if all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body) or index == 0 and m.matches(
                stmt, m.SimpleStatementLine(body=[m.Expr(m.SimpleString() | m.ConcatenatedString())])):
            last = index
    helper[0] = helper[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(),
                                                      cst.EmptyLine(comment=cst.Comment(COMMENT))])
    rest = body[last + 1:]
    if rest:
        rest[0] = rest[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(),
                                                      *(line for line in rest[0].leading_lines if line.comment)])
    return module.with_changes(body=body[:last + 1] + helper + rest)




# -- register / unregister by handle (shmunregister, shmlists) ----------------------------------------

@dataclass
class ControlPlan:
    """``register(h)`` / ``unregister(h)`` calls that read the registry, and the creations they need recorded."""

    calls: dict[int, str] = field(default_factory=dict)  # id() of a planned call -> REGISTER or UNREGISTER
    messages: dict[int, str] = field(default_factory=dict)  # id() of a planned call -> its report
    registers: dict[int, str] = field(default_factory=dict)  # id() of a creation statement -> its record line
    cuda_module: str = ""  # the name the CUDA helper module is read through (its get_raw_handle)
    used: bool = False
    recorded: bool = False  # a record line was written: the registry must exist
    # functions other modules call on this file's registry (`shmcross`): written in even with no call here
    exported: set[str] = field(default_factory=set)


def convert_control(rw: Any, plan_: ControlPlan, original: cst.Call, receiver: str) -> Optional[cst.BaseExpression]:
    """``_v1_register(receiver, h)`` / ``_v1_unregister(receiver, h)`` for a planned call (reported), else None."""
    helper = plan_.calls.get(id(original))
    if helper is None:
        return None
    method = original.func.attr.value  # type: ignore[attr-defined]
    new = f"{helper}({receiver}, {rw.code(original.args[0].value)})"
    if not rw.report(original, plan_.messages[id(original)], applied=True, v1=f"SharedMemoryControlContext.{method}", replacement=new):
        return None
    plan_.used = True
    return cst.parse_expression(new)


def record_after(plan_: ControlPlan, original: cst.SimpleStatementLine, result: Any) -> Any:
    """The creation statement followed by its record line (only once a call reads the records)."""
    line = plan_.registers.get(id(original))
    if not line or not (plan_.calls or plan_.exported):
        return result
    plan_.recorded = True
    return followed_by(result, [line])


def with_control(plan_: ControlPlan, module: cst.Module) -> cst.Module:
    """The module with the registry and the functions the converted calls use."""
    if not (plan_.used or plan_.recorded or plan_.exported):
        return module
    # a call ``alias._v1_unregister(...)`` reads another module's registry (`shmcross`): nothing to write here
    local = {name for name in plan_.calls.values() if "." not in name} | plan_.exported
    if not local:
        return module
    return install(module, local, plan_.cuda_module)


__all__ = ["CREATE", "LOOKUP", "NAMES", "REGISTRY", "ControlPlan", "Region", "available", "convert_control", "creation",
           "followed_by", "install", "is_cuda", "record_after", "record_line", "recorded", "region", "region_of",
           "strip", "with_control"]
