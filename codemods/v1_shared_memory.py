"""Move the V1 shared-memory helpers to `tritonclient.utils`.

## What it does
Rewrites imports of `tensorrtserver.shared_memory` and
`tensorrtserver.cuda_shared_memory` (plain, aliased, from-import, star import,
inside functions and `try` blocks) to `tritonclient.utils.shared_memory` and
`tritonclient.utils.cuda_shared_memory`, and renames the keyword
`trtis_shm_name=` of `create_shared_memory_region` to `triton_shm_name=`.

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
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from triton_migrate.data.python_modules import V1_SHM_EXPORTS, V1_SHM_KEYWORDS, V1_SHM_MODULES
from triton_migrate.pyrename import ModuleRenamer
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
    needles=(b"tensorrtserver.shared_memory", b"tensorrtserver.cuda_shared_memory", b"from tensorrtserver import"),
    order=20,
    doc=__doc__ or "",
)


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return wrapper.visit(
        ModuleRenamer(ctx, V1_SHM_MODULES, keywords=V1_SHM_KEYWORDS, star_exports=V1_SHM_EXPORTS)
    )
