"""Turn `SharedMemoryControlContext` into V2 client calls that name each region.

## What it does
Rewrites the constructor to `<module>.InferenceServerClient(url, verbose=...)`
and, on a variable proven to hold it, with handles proven to come from a
`create_shared_memory_region(name, key, byte_size)` call in the same scope:
- `register(handle)` to `register_system_shared_memory(name, key, byte_size)`
  (CUDA handles: `cuda_register(handle)` to
  `register_cuda_shared_memory(name, cudashm.get_raw_handle(handle), device_id, byte_size)`),
- `unregister(handle)` to `unregister_system_shared_memory(name)` (or the CUDA one);
  a handle created in exclusive branches (system or CUDA by a flag) and
  unregistered after them, when every creation names the region alike, to one
  unregister per kind by that name (register calls on such a handle, or
  creations that name the region differently, keep the context V1),
- `unregister_all()` to `unregister_system_shared_memory()` (plus
  `unregister_cuda_shared_memory()` when the file uses CUDA shared memory),
- `get_shared_memory_status()` to `get_system_shared_memory_status()` (warning:
  the result's structure changed); `len(S.shared_memory_region)` of its result
  `S` to `len(S if isinstance(S, list) else S.regions)` (a list of dicts over
  HTTP, a message with a `regions` map over gRPC).  In a file that uses CUDA
  shared memory (V1 listed system and CUDA regions in the same list) the status
  becomes `(get_system_shared_memory_status(), get_cuda_shared_memory_status())`
  and the count `sum(len(s if isinstance(s, list) else s.regions) for s in S)`.
  A loop `for r in S.shared_memory_region:` whose `r` is read only for
  `r.name` and `r.byte_size` iterates
  `(S if isinstance(S, list) else S.regions.values())` and reads
  `(r["name"] if isinstance(r, dict) else r.name)` (both V2 answers, checked
  against tritonserver).  Any other read of `S` than those or `print(S)`, and a
  status read directly (`ctx.get_shared_memory_status().shared_memory_region`),
  keep the context V1 (reported).
A handle is followed to its creation through a name assigned once, or through
a constant index into a list of regions (`handles[2]`) built in the same
function or returned, as a list literal, by a function of the file or a method
of the class (`handles = self._configure()`), when nothing reorders the list
before the read and, for a list from another function, the region's name, key
and size are literals.  `unregister(h)` in a cleanup function that receives
the handles (`for h in shm_handles: ctx.unregister(h)`) converts when every call
of that function passes a list returned by a factory function of the file that
only appends handles of `create_shared_memory_region(...)` calls to it: each such
creation records its region in the file's one registry
(`_v1_region(None, h, "system", name, key, size)`, or `"cuda"`, name, device,
size) and the call becomes `_v1_unregister(ctx, h)`, a function written into
the file that calls the V2 method of the region's kind.
`register(L[i])`, `cuda_register(L[i])` and `unregister(L[i])` with a computed
index (`handles[2 * io_num + 1]`) convert when `L` is a list of the function
assigned once to `[]` or `list()` and otherwise only grown by
`L.append(M.create_shared_memory_region(...))` statements (arguments reading no
call but `str(...)`) and read by index, never handed on whole: each append is
followed by a record (`_v1_region(None, L[-1], "system", name, key, size)`, or
`"cuda"`, name, device, size) and the calls become `_v1_register(ctx, h)` /
`_v1_unregister(ctx, h)`, functions written into the file (the CUDA branch reads `get_raw_handle`, so the CUDA
helper import moves to V2, with a review item when V1 contexts that stay receive
its regions).  Across modules of one run (`shmcross`): a factory of a helper
module that returns a list of only the regions it creates records them in its
own registry and defines `_v1_register` / `_v1_unregister`; a caller that
reaches the factory through a module alias calls `alias._v1_register(ctx, L[i])`
/ `alias._v1_unregister(ctx, L[i])` on the list it receives, and a function of
the helper module that every caller hands the list converts its
`unregister(h)` to `_v1_unregister(ctx, h)` (e2e package `shm_cross`).  A handle
whose creation the tool cannot see is reported with the V2 call.

## Why
V1 read the region's name, key and size from the handle; V2 needs them
explicitly, and keeps system and CUDA regions apart.

## Example
```python
# before
h = shm.create_shared_memory_region("in0", "/in0", 64)
shm_ctx.register(h)
# after
h = shm.create_shared_memory_region("in0", "/in0", 64)
shm_ctx.register_system_shared_memory("in0", "/in0", 64)
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from triton_migrate.v1client import client as pyclient
from triton_migrate.analysis.resolve import branched
from triton_migrate.v1client import shmbranches, shmcrossuse, shmlists, shmregions, shmregistry, shmstatus, shmunregister
from triton_migrate.data.v1_client_api import SEMANTIC_METHODS
from triton_migrate.v1client.client import Bound
from triton_migrate.v1client.infer import InferRewriter
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="SharedMemoryControlContext -> InferenceServerClient; register/unregister -> *_system_/*_cuda_shared_memory(name, ...)",
    carriers=("python", "notebook"),
    fix="safe",
    needles=(b"SharedMemoryControlContext",),
    order=35,
    doc=__doc__ or "",
    requires=("v1_imports", "v1_protocol"),
)


class _ShmControl(InferRewriter):
    classes = ("SharedMemoryControlContext",)

    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node)
        self.shm_status = shmstatus.plan(self)  # len(status.shared_memory_region) on either V2 answer
        # unregister(h) of regions the file's factory made, then (un)register(L[i]) of a list of regions made here
        # and regions that cross modules (shmcross: a factory of one module, register / unregister in another)
        self.by_handle = shmlists.plan(self, shmcrossuse.extend(self, shmunregister.plan(self)))

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,  # type: ignore[override]
                                  updated: cst.SimpleStatementLine):
        return shmregistry.record_after(self.by_handle, original, super().leave_SimpleStatementLine(original, updated))

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        return shmregistry.with_control(self.by_handle, super().leave_Module(original, updated))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        return shmstatus.count(self, self.shm_status, original, super().leave_Call(original, updated))

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        return shmregions.rewrite(self, self.shm_status.nodes, original, updated)  # regions read one by one

    def is_cuda(self, region: cst.Call) -> bool:
        return shmregistry.is_cuda(self, region)

    def convert_method(self, original: cst.Call, updated: cst.Call, bound: Bound, method: str) -> cst.BaseExpression:
        if method == shmstatus.METHOD:
            if shmstatus.block(self, self.shm_status, original):
                return updated  # stays V1: the verifier keeps the whole context V1
            pair = shmstatus.both(self, self.shm_status, original, self.code(updated.func.value))  # type: ignore[attr-defined]
            if pair is not None:
                return cst.parse_expression(pair)
            new = pyclient.ContextRewriter.convert_method(self, original, updated, bound, method)
            if new is not updated:
                shmstatus.converted(self.shm_status, original)
            return new
        if method not in SEMANTIC_METHODS["SharedMemoryControlContext"]:
            return pyclient.ContextRewriter.convert_method(self, original, updated, bound, method)
        receiver = self.code(updated.func.value)  # type: ignore[attr-defined]
        if method == "unregister_all":
            uses_cuda = "cuda_shared_memory" in self.module.code
            if uses_cuda and self.can_insert():
                self.insert(f"{receiver}.unregister_system_shared_memory()")
                new = f"{receiver}.unregister_cuda_shared_memory()"
            else:
                new = f"{receiver}.unregister_system_shared_memory()"
            if self.report(original, "`unregister_all()` is now `unregister_system_shared_memory()`"
                           + (" and `unregister_cuda_shared_memory()`." if uses_cuda else
                              " (add `unregister_cuda_shared_memory()` if CUDA regions are registered elsewhere)."),
                           applied=True, v1="SharedMemoryControlContext.unregister_all", replacement=new):
                return cst.parse_expression(new)
            return updated
        region = self.shm_region(original.args[0].value) if len(original.args) == 1 else None
        if region is not None and branched(self, original.args[0].value):
            # created in exclusive branches (system or CUDA by a flag): the nearest creation may not reach it
            both = shmbranches.unregister(self, original, receiver) if method == "unregister" else None
            if both is None:
                self.report(original, f"`{method}()` receives a handle created in several branches (of different "
                                      "kinds or names); which creation reaches this call is known at run time.",
                            severity="error", v1=f"SharedMemoryControlContext.{method}",
                            replacement=SEMANTIC_METHODS["SharedMemoryControlContext"][method])
                return updated
            before, new = both
            if self.report(original, f"`unregister(handle)` of a handle created in several branches is now "
                                     f"`{new.split('.', 1)[1].split('(')[0]}()`"
                                     + (" after `" + "`, `".join(b.split(".", 1)[1].split("(")[0] for b in before)
                                        + "()`" if before else "")
                           + " by the region's name (an unregister of a kind that was not registered does nothing).",
                           applied=True, v1="SharedMemoryControlContext.unregister", replacement=new):
                for line in before:
                    self.insert(line)
                return cst.parse_expression(new)
            return updated
        new_call = shmregistry.convert_control(self, self.by_handle, original, receiver) if region is None else None
        if new_call is not None:
            return new_call
        if region is None:
            self.report(original, f"`{method}()` needs the region's name (and key and size) in V2; the handle's "
                                  "creation is not visible here.", severity="error",
                        v1=f"SharedMemoryControlContext.{method}",
                        replacement=SEMANTIC_METHODS["SharedMemoryControlContext"][method])
            return updated
        args = [self.code(a.value) for a in region.args]
        kind = "cuda" if self.is_cuda(region) else "system"
        if method in ("register", "cuda_register"):
            if kind == "system":
                new = f"{receiver}.register_system_shared_memory({', '.join(args)})"
            else:
                module = self.code(region.func.value) if isinstance(region.func, cst.Attribute) else "cudashm"
                handle = self.code(original.args[0].value)
                new = (f"{receiver}.register_cuda_shared_memory({args[0]}, {module}.get_raw_handle({handle}), "
                       f"{args[2]}, {args[1]})")
        else:
            new = f"{receiver}.unregister_{kind}_shared_memory({args[0]})"
        if self.report(original, f"`{method}(handle)` is now `{new.split('.', 1)[1].split('(')[0]}()` with the "
                                 "region's name from its creation.", applied=True,
                       v1=f"SharedMemoryControlContext.{method}", replacement=new):
            return cst.parse_expression(new)
        return updated


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return pyclient.run(_ShmControl, wrapper, ctx)
