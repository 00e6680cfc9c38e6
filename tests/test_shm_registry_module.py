"""The one shared-memory registry module: its block, written once per file, and the reading of a creation."""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, QualifiedNameProvider

from triton_migrate.v1client import shmregistry


class _Reader:
    """The two things ``region_of`` asks of a rewriter: code and qualified names."""

    def __init__(self, source: str) -> None:
        self.wrapper = MetadataWrapper(cst.parse_module(source))
        self.module = self.wrapper.module
        self.names = self.wrapper.resolve(QualifiedNameProvider)

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def get_metadata(self, provider, node, default=None):  # type: ignore[no-untyped-def]
        value = self.names.get(node, default)
        return value() if callable(value) else value  # libcst may hand out lazy values

    def creations(self) -> list[cst.Call]:
        return [c for c in m.findall(self.module, m.Call()) if shmregistry.creation(c) is not None]  # type: ignore[misc]


def test_region_of_reads_system_and_cuda_creations() -> None:
    reader = _Reader("import tensorrtserver.shared_memory as shm\n"
                     "import tensorrtserver.cuda_shared_memory as cudashm\n"
                     "a = shm.create_shared_memory_region('in', '/in', 64)\n"
                     "b = cudashm.create_shared_memory_region(trtis_shm_name='out', byte_size=n)\n"
                     "c = shm.create_shared_memory_region('x', 64)\n")
    found = [shmregistry.region_of(reader, c) for c in reader.creations()]
    assert found[0] is not None and (found[0].kind, found[0].name, found[0].where, found[0].byte_size,
                                     found[0].module) == ("system", "'in'", "'/in'", "64", "shm")
    assert found[1] is not None and (found[1].kind, found[1].name, found[1].where, found[1].byte_size) == \
        ("cuda", "'out'", "0", "n")
    assert found[2] is None  # two arguments of the system helper: neither signature
    assert shmregistry.record_line(found[0], "a") == "_v1_region(shm, a, 'system', 'in', '/in', 64)"


def test_install_writes_one_block_and_adds_to_it() -> None:
    module = cst.parse_module("import numpy as np\n\n\ndef main():\n    pass\n")
    first = shmregistry.install(module, {shmregistry.UNREGISTER})
    second = shmregistry.install(first, {shmregistry.INPUT, shmregistry.UNREGISTER})
    code = second.code
    assert code.count(f"{shmregistry.REGISTRY} = {{}}") == 1
    assert code.count(f"def {shmregistry.UNREGISTER}(") == 1 and code.count(f"def {shmregistry.INPUT}(") == 1
    assert code.index(f"def {shmregistry.RECORD}(") < code.index(f"def {shmregistry.INPUT}(") \
        < code.index(f"def {shmregistry.UNREGISTER}(") < code.index("def main(")
    assert shmregistry.install(second, {shmregistry.INPUT}) is second  # nothing to add: unchanged
    compile(code, "migrated.py", "exec")


def test_lookup_gives_name_and_size_of_a_recorded_handle() -> None:
    """The run-time API: ``_v1_shm_region(h)`` is (name, byte size) of a recorded region, None otherwise."""
    module = shmregistry.install(cst.parse_module("import os\n"), {shmregistry.LOOKUP})
    namespace: dict = {}
    exec(compile(module.code, "migrated.py", "exec"), namespace)  # noqa: S102 - the generated block alone
    handle, other = object(), object()
    namespace[shmregistry.RECORD]("shm", handle, "system", "in0", "/in0", 64)
    assert namespace[shmregistry.LOOKUP](handle) == ("in0", 64)
    assert namespace[shmregistry.LOOKUP](other) is None
