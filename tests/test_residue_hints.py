"""Findings that say precisely what to do for V1 uses the rules leave (residuehints, paramhint)."""
from __future__ import annotations

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

LIST_OF_SEQUENCES = '''\
from tensorrtserver.api import *

KEPT = []  # the helper keeps each context: the list of sequences stays V1 (seqpairs converts it otherwise)


def step(ctx, value):
    KEPT.append(ctx)
    print(ctx.correlation_id(), value)
    ctx.async_run(lambda c, i: None, {"IN": (value,)}, {"OUT": InferContext.ResultFormat.RAW}, 1)


def main(base):
    ctxs = []
    for c in range(2):
        ctxs.append(InferContext("localhost:8001", ProtocolType.GRPC, "seq", correlation_id=base + c,
                                 streaming=True))
    step(ctxs[0], 1)
'''

METHOD_HELPER = '''\
import numpy as np
from tensorrtserver.api import *


class T:
    def helper(self, ctx, name="IN"):
        name = name.strip()  # a tensor name the helper reassigns: the run() stays V1
        x = np.zeros((4,), np.float32)
        out = ctx.run({name: (x,)}, {"OUT": InferContext.ResultFormat.RAW}, 1)
        return out["OUT"][0]

    def test_a(self):
        for url in ("localhost:8000",):
            model_name = "m_" + "a"
            ctx = InferContext(url, ProtocolType.HTTP, model_name, None, True)
            self.helper(ctx)
'''


def _messages(text: str) -> list[str]:
    result = migrate_text(text, "t.py", Settings())
    assert result.new is None or "InferContext(" in result.new  # the contexts stay V1 (all or nothing)
    return [f.message for f in result.findings]


def test_correlation_id_names_the_id_the_context_was_made_with() -> None:
    found = [m for m in _messages(LIST_OF_SEQUENCES) if "`ctx.correlation_id()`" in m]
    assert len(found) == 1
    assert "(correlation_id=`base + c`, kept in `ctxs` and handed to `step()` as `ctx`)" in found[0]
    assert "sequence_id=" in found[0]


def test_run_on_a_method_parameter_names_calls_models_and_blockers() -> None:
    found = [m for m in _messages(METHOD_HELPER) if "`ctx.run()`" in m and "is a parameter" in m]
    assert len(found) == 1
    message = found[0]
    assert "`helper()` is called once in this file with an InferContext made in the calling scope " \
           "(model_name `model_name`)" in message
    assert "give `helper` a `model_name` parameter" in message
    assert "tensor names in the run() are variables other than parameters of `helper` it never reassigns " \
           "(`name`)" in message
    assert "method used other than" not in message  # methods called through `self` are planned (methodparams)


def test_the_same_method_with_its_tensor_name_kept_converts() -> None:
    """Without the reassignment the hint's shape converts whole (methodparams, tensornames)."""
    text = METHOD_HELPER.replace("        name = name.strip()  # a tensor name the helper reassigns: the run() stays V1\n", "")
    result = migrate_text(text, "t.py", Settings())
    assert result.new is not None and "InferContext" not in result.new and "ctx.infer(" in result.new
    assert not [f for f in result.findings if "is a parameter" in f.message]


def test_a_second_run_reports_the_same_hints() -> None:
    """No line numbers in the hints: the first run moves lines (an import added above), the second
    reports the same messages."""
    for text in (LIST_OF_SEQUENCES, METHOD_HELPER):
        text = text.replace("from tensorrtserver.api import *\n", "from tensorrtserver.api import *\n\n\n"
                            "def ready(url):\n    health = ServerHealthContext(url, ProtocolType.HTTP)\n"
                            "    return health.is_ready()\n")
        first = migrate_text(text, "t.py", Settings())
        assert first.new is not None and len(first.new.splitlines()) != len(text.splitlines())
        second = migrate_text(first.new or text, "t.py", Settings())
        hints = lambda r: sorted(f.message for f in r.findings if "is a parameter" in f.message  # noqa: E731
                                 or "correlation_id()`" in f.message)
        assert hints(second) == hints(first) and hints(first)
