"""The Python verifier (`triton_migrate.analysis.verify`) on its own, and the invariants it buys.

- its table of V2 client methods is the installed tritonclient's;
- its object model follows V1 contexts and V2 clients through names, ``self``
  attributes across methods, parameters of local functions and factories;
- a V1 object with a use that has no V2 form stays V1 as a whole, each use
  reported; the manual findings of a second run over the output are those of
  the first (line mapped), on every Python fixture of the V1 client rules.
"""
from __future__ import annotations

import pytest
from fixture_cases import discover_cases

from triton_migrate.analysis import verify as pyverify
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.text import LineMap


def test_v2_client_attrs_match_tritonclient() -> None:
    http = pytest.importorskip("tritonclient.http")
    grpc = pytest.importorskip("tritonclient.grpc")
    public = {m for cls in (http.InferenceServerClient, grpc.InferenceServerClient)
              for m in dir(cls) if not m.startswith("_")}
    assert public == pyverify.V2_CLIENT_ATTRS


MODEL = '''\
from tensorrtserver.api import InferContext, ProtocolType
import tritonclient.http as httpclient


def make(url):
    return InferContext(url, ProtocolType.HTTP, "m")


def use(c):
    c.run({}, {})


class Runner:
    def __init__(self, url):
        self.ctx = httpclient.InferenceServerClient(url)

    def go(self):
        self.ctx.infer("m", [])
        return self.ctx.get_stat()


x = make("u")
use(x)
x.close()
'''


def test_object_model_follows_values() -> None:
    found = pyverify.analyse(MODEL)
    assert found is not None
    by_kind = {o.kind: o for o in found}
    v1, v2 = by_kind["v1"], by_kind["v2"]
    # factory return -> x -> parameter c of use()
    assert sorted(u.what for u in v1.uses) == ["c.run()", "x.close()"]
    # self.ctx across methods of the class
    assert sorted(u.what for u in v2.uses) == ["self.ctx.get_stat()", "self.ctx.infer()"]
    assert [u.what for u in v2.broken] == ["self.ctx.get_stat()"]


def test_verifier_flags_protocol_enum_used_as_module() -> None:
    verdict = pyverify.verify('p = ProtocolType.from_str("http")\nc = p.InferenceServerClient("u")\n')
    assert verdict.broken and "ProtocolType" in next(iter(verdict.broken.values()))


def test_a_loop_variable_read_in_its_loop_holds_only_that_loops_rows() -> None:
    """Two loops of one function reuse ``pair``: the V1 rows of the first do not reach the
    second loop's reads, unless that loop assigns the name again."""
    loops = ("from tensorrtserver.api import *\n"
             "def f():\n"
             "    for pair in [('u', ProtocolType.HTTP)]:\n"
             "        {first}\n"
             "    for pair in [('u', httpclient)]:\n"
             "        c = pair[1].InferenceServerClient(pair[0])\n")
    assert not pyverify.verify(loops.format(first="print(pair)")).broken
    reassigned = pyverify.verify(loops.format(first="print(pair)").replace(
        "        c = pair[1]", "        pair = ('u', ProtocolType.GRPC)\n        c = pair[1]"))
    assert reassigned.broken and "ProtocolType" in next(iter(reassigned.broken.values()))


def test_verifier_reads_the_rows_appended_to_a_list_through_a_name() -> None:
    """``configs.append((url, P, flag))`` then ``for config in configs``: ``client_module = config[1]``
    holds what the rows hold; a V1 ``ProtocolType`` there is not a client module."""
    text = ("from tensorrtserver.api import *\n"
            "def f():\n"
            "    configs = []\n"
            "    configs.append(('u', {first}, False))\n"
            "    configs.append(('u', grpcclient, True))\n"
            "    for config in configs:\n"
            "        client_module = config[1]\n"
            "        c = client_module.InferenceServerClient(config[0])\n")
    verdict = pyverify.verify(text.format(first="ProtocolType.HTTP"))
    assert verdict.broken and "ProtocolType.HTTP" in next(iter(verdict.broken.values()))
    assert not pyverify.verify(text.format(first="httpclient")).broken


def test_verifier_flags_a_string_passed_as_protocol_module() -> None:
    verdict = pyverify.verify('def ready(url, protocol):\n    return protocol.InferenceServerClient(url)\n\n'
                              'ready("u", "grpc")\n')
    assert verdict.broken and "'grpc'" in next(iter(verdict.broken.values()))


def test_verifier_follows_a_protocol_enum_into_a_class_constructor() -> None:
    """``Client(url, protocol)`` with ``protocol`` still a ProtocolType (another context of the
    file needs it) while ``Client.__init__`` builds ``protocol.InferenceServerClient``: a rollback.
    Found by the property test on the merged escape and containers lanes."""
    verdict = pyverify.verify(
        "import tensorrtserver.api as trt\n"
        "class Client(object):\n"
        "    def __init__(self, url, protocol):\n"
        "        self.ctx = protocol.InferenceServerClient(url)\n"
        "def main(url):\n"
        "    protocol = trt.ProtocolType.from_str('http')\n"
        "    Client(url, protocol)\n"
        "    trt.ServerStatusContext(url, protocol)\n")
    assert verdict.broken and "ProtocolType" in next(iter(verdict.broken.values()))


SELF_ATTR = '''\
from tensorrtserver.api import InferContext, ProtocolType


class Client:
    def __init__(self, url):
        self.ctx = InferContext(url, ProtocolType.HTTP, "simple")

    def stats(self):
        return self.ctx.get_stat()

    def send(self, data):
        return self.ctx.run({"IN": (data,)}, {"OUT": InferContext.ResultFormat.RAW}, 1)
'''


def manual(findings) -> list[tuple[int, str, str]]:
    return sorted((f.line, f.rule, f.message) for f in findings if not f.applied)


def test_object_with_a_v1_only_use_stays_v1_whole_and_every_use_is_reported() -> None:
    result = migrate_text(SELF_ATTR, "client.py", Settings())
    output = result.new or SELF_ATTR
    assert 'self.ctx = InferContext(url, ProtocolType.HTTP, "simple")' in output
    assert "self.ctx.run(" in output and "self.ctx.get_stat()" in output
    lines = {f.line for f in result.findings if not f.applied}
    assert {6, 9, 12} <= lines, result.findings
    again = migrate_text(output, "client.py", Settings())
    assert (again.new or output) == output
    assert manual(again.findings) == manual(result.findings)


V1_CASES = [c for c in discover_cases() if c.logical.endswith(".py") and (c.rule.startswith("v1_") or c.rule in (
    "grpc_raw_protocol", "early_v2_modules", "http_raw_endpoints"))]


@pytest.mark.parametrize("case", V1_CASES, ids=[c.id for c in V1_CASES])
def test_manual_findings_are_a_fixed_point(case) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: a second run over the output reports every item the first run left for a person."""
    source = case.input.read_text()
    settings = case.settings()
    first = migrate_text(source, case.logical, settings)
    output = first.new if first.new is not None else source
    second = migrate_text(output, case.logical, settings)
    mapping = LineMap(source, output)
    want = sorted((f.line, f.rule, f.message) for f in first.findings if not f.applied)
    got = sorted((mapping.original_line(f.line), f.rule, f.message) for f in second.findings if not f.applied)
    assert got == want
