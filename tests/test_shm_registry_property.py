"""Property test: a helper's ``run()`` given regions or numpy lists converts through the registry, and works.

Hypothesis draws V1 programs where a private helper method runs an inference
whose first input and whose output are parameters; its callers pass a region of
a list the file builds, a numpy list display, or data from a function (which
the tool cannot tell from a region); the regions may be created with a computed
name, and the helper may be named other than by calling it.  Each program is
migrated with the engine.  Always: the output parses, a second run changes
nothing, and no V1 line is left without a finding.  When the tool converts, the
migrated program is run with real system shared-memory regions
(``tritonclient.utils.shared_memory``) and a stand-in for ``tritonclient.http``
that records each request: every call must send the region V1 would have read
(by its name and size) or the data, and read the output back from its region.
"""
from __future__ import annotations

import types
import uuid

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from helpers import migrate_checked

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

shared_memory = pytest.importorskip("tritonclient.utils.shared_memory")
http = pytest.importorskip("tritonclient.http")

ARGS = {
    "region0": "handles[0]",
    "region1": "handles[1]",
    "data": "[np.full(16, 7, dtype=np.int32)]",
    "opaque": "make_data()",
}


def render(calls: list[str], computed: bool, aliased: bool, tag: str) -> str:
    name = (lambda n: f'"{tag}_" + str({n})') if computed else (lambda n: f'"{tag}_{n}"')
    lines = [
        "import numpy as np",
        "import tensorrtserver.shared_memory as shm",
        "from tensorrtserver.api import *",
        "",
        "URL = 'localhost:8000'",
        "",
        "",
        "def make_data():",
        "    return [np.full(16, 9, dtype=np.int32)]",
        "",
        "",
        "class Runner:",
        "    def _configure(self):",
        *[f"        r{n} = shm.create_shared_memory_region({name(n)}, '/{tag}_{n}', 64)" for n in range(3)],
        "        shm.set_shared_memory_region(r0, [np.full(16, 1, dtype=np.int32)])",
        "        shm.set_shared_memory_region(r1, [np.full(16, 2, dtype=np.int32)])",
        "        return [r0, r1, r2]",
        "",
        "    def _infer(self, x, out, log):",
        "        ctx = InferContext(URL, ProtocolType.HTTP, 'simple', -1)",
        "        results = ctx.run({'INPUT0': x, 'INPUT1': [np.ones(16, dtype=np.int32)]},",
        "                          {'OUTPUT0': (InferContext.ResultFormat.RAW, out)}, 1)",
        "        log.append(results['OUTPUT0'][0])",
        "",
        "    def main(self, log):",
        "        handles = self._configure()",
        *([f"        later = self._infer"] if aliased else []),
        *[f"        self._infer({ARGS[c]}, handles[2], log)" for c in calls],
        "        return handles",
    ]
    return "\n".join(lines) + "\n"


class _Input:
    def __init__(self, name, shape, datatype):  # type: ignore[no-untyped-def]
        self.name, self.shape, self.datatype = name, shape, datatype
        self.region = self.data = None

    def set_shared_memory(self, name, size):  # type: ignore[no-untyped-def]
        self.region = (name, size)

    def set_data_from_numpy(self, data):  # type: ignore[no-untyped-def]
        self.data = data


class _Output:
    def __init__(self, name):  # type: ignore[no-untyped-def]
        self.name, self.region = name, None

    def set_shared_memory(self, name, size):  # type: ignore[no-untyped-def]
        self.region = (name, size)


def fake_http(sent: list, registry: dict) -> types.SimpleNamespace:
    """A stand-in for tritonclient.http: ``simple`` adds its inputs, writing OUTPUT0 into its region."""
    by_name = lambda name: next(h for h, _m, _k, n, _where, _s, _w in registry.values() if n == name)  # noqa: E731

    class Client:
        def __init__(self, url, verbose=False):  # type: ignore[no-untyped-def]
            pass

        def infer(self, model, inputs, outputs=None, **kwargs):  # type: ignore[no-untyped-def]
            sent.append(inputs)
            values = [x.data if x.region is None else
                      shared_memory.get_contents_as_numpy(by_name(x.region[0]), np.int32, x.shape) for x in inputs]
            total = values[0] + values[1]
            shared_memory.set_shared_memory_region(by_name(outputs[0].region[0]), [total])
            return types.SimpleNamespace(get_output=lambda name: {"name": name, "datatype": "INT32",
                                                                  "shape": list(total.shape)})

    return types.SimpleNamespace(InferenceServerClient=Client, InferInput=_Input, InferRequestedOutput=_Output)


def run_migrated(new: str, tag: str) -> tuple[list, list]:
    namespace: dict = {"__name__": f"shape_{tag}"}
    exec(compile(new, "shape.py", "exec"), namespace)  # noqa: S102 - the migrated program, run on fakes
    sent: list = []
    fake = fake_http(sent, namespace["_V1_SHM_REGIONS"])
    for key, value in list(namespace.items()):
        if value is http:
            namespace[key] = fake
    log: list = []
    handles = namespace["Runner"]().main(log)
    try:
        return sent, log
    finally:
        for handle in handles:
            shared_memory.destroy_shared_memory_region(handle)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calls=st.lists(st.sampled_from(sorted(ARGS)), min_size=1, max_size=3), computed=st.booleans(),
       aliased=st.booleans())
def test_region_or_data_reaches_v2_as_v1_sent_it(calls: list[str], computed: bool, aliased: bool) -> None:
    tag = "p" + uuid.uuid4().hex[:8]
    text = render(calls, computed, aliased, tag)
    _first, new = migrate_checked(text)
    converted = "ctx.run(" not in new
    regions = {"region0", "region1"} & set(calls)
    want = not computed and not aliased and not (regions and "opaque" in calls)
    assert converted == want, new
    if not converted:
        return
    sent, log = run_migrated(new, tag)
    assert len(sent) == len(calls) == len(log)
    for call, inputs, result in zip(calls, sent, log):
        first_input = inputs[0]
        if call.startswith("region"):
            assert first_input.region == (f"{tag}_{call[-1]}", 64), new
            expected = np.full(16, int(call[-1]) + 1, dtype=np.int32)
        else:
            assert first_input.region is None and first_input.data is not None
            expected = first_input.data[0]
        assert first_input.shape == [1, 16] and first_input.datatype == "INT32"
        assert np.array_equal(result, expected + 1), (call, result)


def test_the_mixed_shape_converts() -> None:
    """Regions and data for one parameter: converted (the property would pass vacuously otherwise)."""
    new = migrate_text(render(["region0", "data"], False, False, "pmix"), "shape.py", Settings()).new or ""
    assert "_v1_input(httpclient, 'INPUT0', x, None, 1)" in new, new
    assert "_v1_region(shm, r0, 'system', \"pmix_0\", '/pmix_0', 64)" in new, new
