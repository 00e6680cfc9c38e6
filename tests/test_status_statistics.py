"""V1 status statistics -> V2 get_inference_statistics (v1client/statistics.py, v1client/jsonmessage.py).

The fixtures pin the shapes that convert; here: the generated fetch gives the same
``ModelStatistics`` attribute reads over HTTP (JSON answer) and gRPC (message answer),
also when the module is chosen at run time, and every ``infer_stats`` read other than
the summed successes keeps the whole status V1 with a finding on its line.
"""
from __future__ import annotations

import textwrap

import pytest
from google.protobuf import json_format

from triton_migrate.analysis import unloads
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.v1client import jsonmessage, statistics
from triton_migrate.v1client.client import GRPC, HTTP

service_pb2 = pytest.importorskip("tritonclient.grpc.service_pb2")

#: The JSON shape tritonserver 2.51 answers to GET /v2/models/simple/versions/1/stats (bench/statistics_probe.py),
#: with fields this client's proto may not know (a newer server's), which must be ignored.
_HTTP_ANSWER = {"model_stats": [{
    "name": "simple", "version": "1", "last_inference": 1764656000123, "inference_count": 8, "execution_count": 4,
    "inference_stats": {"success": {"count": 4, "ns": 900}, "fail": {"count": 0, "ns": 0},
                        "queue": {"count": 4, "ns": 10}, "compute_infer": {"count": 4, "ns": 800}},
    "batch_stats": [{"batch_size": 2, "compute_infer": {"count": 2, "ns": 400}}],
    "a_field_of_a_later_server": {"count": 1},
}]}


def _run(statements: list[str], answer: object, module: object) -> object:
    class Client:
        def get_inference_statistics(self, model, version):  # noqa: ANN001, ANN202 - a stand-in answering
            assert (model, version) == ("simple", "1")
            return answer

    scope = {"json_format": json_format, "service_pb2": service_pb2, "ctx": Client(), "protocol": module}
    for statement in statements:
        exec(statement, scope)  # noqa: S102 - the generated code, run as the migrated file would
    return scope["stats"]


@pytest.mark.parametrize("module", [HTTP, GRPC, "protocol"])
def test_fetch_reads_the_same_message_on_both_protocols(module: str) -> None:
    message = json_format.ParseDict(_HTTP_ANSWER, service_pb2.ModelStatisticsResponse(), ignore_unknown_fields=True)
    statements = statistics.fetch("stats", "ctx", '"simple"', '"1"', "", module)
    answers = {HTTP: [_HTTP_ANSWER], GRPC: [message], "protocol": [_HTTP_ANSWER, message]}[module]
    for answer in answers:
        stats = _run(statements, answer, None)
        for v1, v2 in statistics.FIELDS.items():
            assert eval(statistics.read("stats", v1), {"stats": stats}) == _HTTP_ANSWER["model_stats"][0][v2]  # noqa: S307
        assert stats.inference_stats.success.count == 4
        assert stats.batch_stats[0].batch_size == 2


def test_config_and_statistics_share_one_parse() -> None:
    assert jsonmessage.parse("x", "model_config_pb2.ModelConfig") == \
        "json_format.ParseDict(x, model_config_pb2.ModelConfig(), ignore_unknown_fields=True)"
    assert statistics.fetch("s", "c", "m", '"1"', "", HTTP) == [
        "s = " + jsonmessage.parse('c.get_inference_statistics(m, "1")', statistics.MESSAGE) + ".model_stats[0]"]


_PROGRAM = '''\
from tensorrtserver.api import ProtocolType, ServerStatusContext


def read(url):
    ctx = ServerStatusContext(url, ProtocolType.HTTP, "simple")
    status = ctx.get_server_status()
    version = status.model_status["simple"].version_status[1]
    print(version.model_execution_count)
    print({read})
'''


@pytest.mark.parametrize("read", [
    "version.infer_stats[1].success.count",                                # one request batch size
    "len(version.infer_stats)",                                            # how many sizes were seen
    "4 in version.infer_stats",
    "sum(s.failed.count for s in version.infer_stats.values())",           # failures: not measured equal
    "sum(s.success.count for s in version.infer_stats.values() if s)",     # a filtered sum
    "max(s.success.count for s in version.infer_stats.values())",
    "sum(s.success.count for s in version.infer_stats.items())",
])
def test_infer_stats_without_exact_counterpart_keeps_the_status_v1(read: str) -> None:
    text = _PROGRAM.replace("{read}", read)
    result = migrate_text(text, "probe.py", Settings())
    assert "ServerStatusContext(url" in (result.new or text)  # the context stays V1, whole
    assert "get_inference_statistics" not in (result.new or text)
    lines = {f.line for f in result.findings if not f.applied}
    assert {8, 9} <= lines, [(f.line, f.message) for f in result.findings]
    advice = [f for f in result.findings if f.line == 9 and "infer_stats" in f.message]
    assert advice and "batch_stats" in advice[0].message, [(f.line, f.message) for f in result.findings]


def test_summed_successes_convert() -> None:
    text = _PROGRAM.replace("{read}", "sum(s.success.count for s in version.infer_stats.values())")
    result = migrate_text(text, "probe.py", Settings())
    assert result.new is not None and "tensorrtserver" not in result.new
    assert "print(status_statistics.inference_stats.success.count)" in result.new
    assert "print(status_statistics.execution_count)" in result.new
    assert not [f for f in result.findings if not f.applied]


_UNLOAD = '''\


def unload(url):
    control = ModelControlContext(url, ProtocolType.HTTP)
    control.unload("simple")
{after}'''


@pytest.mark.parametrize("after", [
    "    read(url)\n",                     # a function that unloads calls the helper reading the counters
    "    for _ in range(2):\n        read(url)\n",
])
def test_counters_read_after_an_unload_say_why(after: str) -> None:
    text = _PROGRAM.replace("{read}", "version.last_inference_timestamp_milliseconds") + \
        _UNLOAD.replace("{after}", after)
    text = text.replace("ProtocolType, ServerStatusContext\n", "ModelControlContext, ProtocolType, ServerStatusContext\n")
    result = migrate_text(text, "probe.py", Settings())
    assert "control.unload_model(" in (result.new or "")  # the control context converts, the status stays
    found = [f for f in result.findings if f.line == 8 and not f.applied]
    assert found and unloads.UNLOADED_BEFORE in found[0].message, [(f.line, f.message) for f in result.findings]


def test_counters_held_for_request_batch_sizes_do_not_blame_an_unload_elsewhere() -> None:
    """The status stays V1 for `infer_stats` (no V2 form), and the file unloads in a function that does
    not call the reader: the counter's finding gives no unload reason (analysis/unloads.py decides per
    fetch; before, any `.unload(` in the file gave "this file unloads models")."""
    text = _PROGRAM.replace("{read}", "len(version.infer_stats)") + _UNLOAD.replace("{after}", "")
    text = text.replace("ProtocolType, ServerStatusContext\n", "ModelControlContext, ProtocolType, ServerStatusContext\n")
    result = migrate_text(text, "probe.py", Settings())
    assert "control.unload_model(" in (result.new or "")  # the control context converts, the status stays
    assert "ServerStatusContext(url" in (result.new or text)
    found = [f for f in result.findings if f.line == 8 and not f.applied]
    assert found and "reads a V1 status statistic" in found[0].message, [(f.line, f.message) for f in result.findings]
    assert "unload" not in found[0].message


def test_counters_read_before_any_unload_convert() -> None:
    """An unload elsewhere in the file (a function that does not call the reader) keeps nothing V1
    (analysis/unloads.py); before, any `.unload(` in the file kept every counter V1."""
    text = _PROGRAM.replace("{read}", "version.last_inference_timestamp_milliseconds") + \
        _UNLOAD.replace("{after}", "")
    text = text.replace("ProtocolType, ServerStatusContext\n", "ModelControlContext, ProtocolType, ServerStatusContext\n")
    result = migrate_text(text, "probe.py", Settings())
    assert "tensorrtserver" not in (result.new or text)
    assert "get_inference_statistics(" in (result.new or "")


def test_counters_read_after_a_removed_directory_stay_v1() -> None:
    text = _PROGRAM.replace("{read}", "version.last_inference_timestamp_milliseconds").replace(
        "    ctx = ServerStatusContext", "    shutil.rmtree(\"models/simple\")\n    ctx = ServerStatusContext")
    result = migrate_text("import shutil\n" + text, "probe.py", Settings())
    assert "get_inference_statistics" not in (result.new or text)
    found = [f for f in result.findings if f.line == 10 and not f.applied]
    assert found and "before this status is read" in found[0].message, [(f.line, f.message) for f in result.findings]


def test_a_file_naming_service_pb2_keeps_its_statistics_v1() -> None:
    text = _PROGRAM.replace("{read}", "service_pb2")
    result = migrate_text(text, "probe.py", Settings())
    assert "get_inference_statistics" not in (result.new or text)
    assert any(f.line == 8 and not f.applied for f in result.findings)


def test_a_call_reaches_the_function_its_scope_defines() -> None:
    """Two test functions each define a ``main``; one ``main`` unloads. The other test's helper reads
    counters and is called by its own ``main`` only (analysis/unloads.py resolves ``main()`` to the
    ``def main`` of the caller's scope; by name alone, both tests were taken to unload)."""
    text = '''\
def test_reads(url):
    def figures():
        ctx = ServerStatusContext(url, ProtocolType.HTTP, "simple")
        return ctx.get_server_status().model_status["simple"].version_status[1].model_execution_count

    def main():
        print(figures())

    main()


def test_unloads(url):
    def main():
        ModelControlContext(url, ProtocolType.HTTP).unload("simple")
        print(figures())

    def figures():
        return 0

    main()
'''
    assert not unloads.unloaded_before(text, 3)
    own = text.replace("    def main():\n        print(figures())",
                       "    def main():\n        ModelControlContext(url, ProtocolType.HTTP).unload(\"simple\")\n"
                       "        print(figures())", 1)
    assert unloads.unloaded_before(own, 3)  # the reading test's own main unloads, then calls the reader
