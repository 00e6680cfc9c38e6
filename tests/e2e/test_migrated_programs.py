"""Migrate each V1 program with the real CLI and run the result, unedited, against a real server.

For every program of v1_programs/, a temporary copy is migrated with
``python -m triton_migrate --write --format json`` and:

* the migrated text parses; a second run changes nothing and reports the same
  items for a person (the fixed point);
* programs in ``MUST_RUN`` run UNEDITED against the real tritonserver over each
  protocol and print exactly the lines of expected.py;
* every other program must not break silently: each line of the output that
  still uses the V1 API (tests/v1_sites.py, a detector independent of the
  rewriters) is named by a finding; and when the report leaves nothing for a
  person, the program must run (a program the tool claims done must work).

``MUST_RUN`` starts with the programs the tool has always migrated fully; the
programs in real-world shapes (``expected.SHAPES``, issue 9) join it as the
Python rules learn them. ``KNOWN_SILENT`` lists the shapes whose output still
holds V1 usage that no finding names today (expected failures, not hidden).
"""
from __future__ import annotations

import ast
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from expected import PROGRAMS, SHAPES, check_output, command, run_cli, run_retrying
from v1_sites import silent_lines


#: Programs that must migrate completely and run unedited on both protocols.
MUST_RUN = frozenset({
    "async_infer", "classify", "health", "model_control", "nobatch_infer", "sequence",
    "shm_infer", "simple_infer", "string_infer",
    "async_queue",  # the first shape that migrates completely and runs (2026-12-01)
    # shapes of issue 9 that migrate and run unedited over both protocols since the py lane's verifier
    "headers", "version_variable", "with_control",
    "literal_protocol",  # ProtocolType.from_str("grpc") literals resolved to the module (issue 9, item 11)
    # server status used for what V2 has (configuration, server and version readiness), issue 9 item 7
    "status_config_star",
    "status_print",  # a status printed whole (print(S, file=...)) prints V2's model statistics instead
    "status_config",  # the same with a named import list of V1 names and V1 protobuf modules (issue 9 item 9)
    "subclass_async",  # super().__init__ and self.async_run / get_async_run_results in a subclass (item 3)
    "sequence_subclass",  # an InferContext subclass becomes a class holding a V2 client (issue 9 item 3)
    "multi_context",  # health, status, control and infer contexts of one url share one V2 client (issue 9 item 4)
    "string_shm",  # serialized strings into system shared memory as serialize_byte_tensor's object array (issue 9 item 8)
    # (url, ProtocolType) pairs in a loop; status for version, id, readiness, listing, version states
    "status_pairs",
    "attr_context",  # a context kept on self: settings written into each request or kept beside the client
    "helper_context",  # a ProtocolType passed to a helper; a context forwarded from helper to helper
    "factory_context",  # a factory returns the V2 client; the model name stays the caller's literal
    "repository_index",  # V1's index shape (.models, .name) from the V2 index over both protocols (corpus lane)
    # contexts in a list comprehension, a dict by model name and a queue pool (issue 9 item 2, containers lane)
    "container_contexts",
    "module_context",  # a context built at module level, used by the module's functions
    "status_stats",  # per-version counters of the status read through get_inference_statistics (corpus lane)
    "factory_branches",  # factories with several returns (branches, early return None) (shapes lane)
    "self_containers",  # a list, a dict by model and a queue pool of contexts kept on self (shapes lane)
    "async_containers",  # async_run on each context of a list, results collected by index (shapes lane)
    "control_containers",  # health, model-control and shm contexts in a list, a dict and a queue (shapes lane)
    "global_protocol",  # protocol/url module globals set per branch of `if __name__`, read in methods (globals lane)
    "last_request",  # get_last_request_model_name/version read from the last run()'s V2 result (lastreq lane)
    "correlation_read",  # ctx.correlation_id() read as the id the context was built with (lastreq lane)
    "result_dict",  # len(result), `name in result` / `not in` of a converted run() (lastreq lane)
    "factory_models",  # a factory returning contexts of different models per branch, picked by literals (shapes2)
    "async_callback_results",  # V1 (ctx, request_id) callbacks fetching their own results (shapes2 lane)
    "status_held",  # get_server_status() on self.contexts["main"] and probes[1] (shapes2 lane)
    "status_counters",  # a version status named once: state, counters, summed infer_stats successes (stats lane)
    "status_chained",  # get_server_status().model_status[m].config read in one expression (edges lane)
    "async_callback_shared",  # one V1 (ctx, request_id) callback passed by two contexts (edges lane)
    # uptime / server id / error id checks dropped (a marker each) with --drop-v1-only-checks (dropchecks lane)
    "status_dropchecks",
    "loop_protocols",  # for url, protocol in [(u, ProtocolType.HTTP), ...]: health, status, infer (loops lane)
    "loop_health_control",  # for pair in [...]: a health and a model-control context per pair (loops lane)
    "appended_configs",  # configs.append((url, ProtocolType.X, streaming)); for config in configs (inferutil lane)
    "request_id_checks",  # get_last_request_id() uniqueness checks dropped with --drop-v1-only-checks (inferutil lane)
    "shm_region_lists",  # register(handles[2 * i]) of regions appended to a local list (inferutil lane)
    "shm_handle_list",  # regions from a helper's returned list, used by constant index: handles[2] (shm lane)
    "status_batch_helper",  # check_status(url, protocol, ...) helpers, counters after dynamic batching (batchstats lane)
    "status_unload",  # state/reason after an unload from the index; counters across it dropped (unload lane)
    "status_helper",  # status helpers of the file (with the last request id; with a flag's model) inlined (status lane)
    "status_helper_ids",  # request ids / uptimes of a pair helper's statuses compared: dropped with the flag (status lane)
    "self_helper_names",  # self._check(ctx, ...) helper method, tensor names in its parameters, rows on self (stream lane)
    "shm_cleanup_factory",  # unregister(h) of regions a factory of the file returned, via a registry (stream lane)
    "shm_or_numpy",  # a helper's run() given regions or numpy lists, chosen at run time by a registry (shmreg lane)
    "shm_one_registry",  # a helper's input chosen at run time and a cleanup of factory-made regions: one registry
    "status_raw_config",  # raw /api/status JSON / text read for one model's config -> /v2/models/<m>/config (status lane)
    "stream_sequences",  # async_run() on streaming gRPC contexts: a V2 client and stream each (stress lane)
    "stream_pairs",  # streaming contexts in a list, one per sequence, handed to helpers: (client, id, model) (stress lane)
    # (url, ProtocolType, streaming) rows appended per mode, tensor names chosen by a backend test (sequtil lane)
    "sequence_configs",
    "shm_branch_unregister",  # a region created per kind in exclusive branches, unregistered after them (sequtil lane)
    "run_dicts", "run_dicts_async",  # run() dicts whose form (numpy list / region, RAW / (RAW, region)) is chosen at run time (sequtil lane)
})
#: Shapes whose migrated output keeps V1 lines that no finding names (issue 9 work
#: for the `py` lane); the test for them is an expected failure until then.
KNOWN_SILENT: dict[str, str] = {}
#: Programs whose second run reports other items for a person than the first.
KNOWN_UNSTABLE: dict[str, str] = {}
#: Shapes the tool leaves with no manual finding but whose output does not run.
KNOWN_BROKEN: dict[str, str] = {}


def _params(names, known: dict[str, str]) -> list:
    """Parameters, the known failures marked xfail (not strict: a fix shows as XPASS)."""
    return [pytest.param(n, marks=pytest.mark.xfail(reason=known[n], strict=False)) if n in known else n
            for n in sorted(names)]


class Migration:
    def __init__(self, name: str, original: str, new: str, findings: list[dict], second: dict) -> None:
        self.name, self.original, self.new = name, original, new
        self.findings = findings
        self.second = second

    @property
    def manual(self) -> list[dict]:
        return [f for f in self.findings if not f["applied"]]

    def describe(self, findings: list[dict]) -> str:
        return "\n".join("%s:%s %s %s: %s" % (f["line"], f["column"], f["rule"], f["severity"], f["message"])
                         for f in findings)


_CACHE: dict[str, Migration] = {}


def _cli(folder: Path, *args: str) -> dict:
    report = folder.parent / ("report-%d.json" % len(list(folder.parent.glob("report-*.json"))))
    return run_cli([str(folder), *args], report)


def migrate(name: str, tmp_path_factory: pytest.TempPathFactory) -> Migration:
    """Migrate a copy of the program with the CLI (cached per session)."""
    if name in _CACHE:
        return _CACHE[name]
    work = tmp_path_factory.mktemp("e2e-" + name)
    folder = work / "project"
    folder.mkdir()
    source = PROGRAMS[name].v1_path
    target = folder / source.name
    shutil.copyfile(source, target)
    options = PROGRAMS[name].migrate_args
    first = _cli(folder, "--write", *options)
    new = target.read_text()
    second = _cli(folder, "--check", *options)
    migration = Migration(name, source.read_text(), new, first["findings"], second)
    _CACHE[name] = migration
    return migration


def _manual_items(findings: list[dict]) -> Counter:
    return Counter((f["rule"], f["message"]) for f in findings if not f["applied"])


@pytest.mark.slow
@pytest.mark.parametrize("name", _params(PROGRAMS, KNOWN_UNSTABLE))
def test_migration_reaches_a_fixed_point(name: str, tmp_path_factory) -> None:
    m = migrate(name, tmp_path_factory)
    ast.parse(m.new)
    if name in MUST_RUN:
        assert m.new != m.original, "the tool changed nothing"
    # Otherwise a program may stay as it was (every V1 object with a use that has no
    # V2 form stays V1 whole); then the report must leave its items for a person.
    assert m.new != m.original or m.manual, "the tool changed nothing and reported nothing"
    changed = [f["path"] for f in m.second.get("files", []) if f["status"] == "changed"]
    assert not changed, "a second run changed the migrated program again"
    assert not [f for f in m.second["findings"] if f["applied"]], "a second run still rewrites"
    assert _manual_items(m.second["findings"]) == _manual_items(m.findings), (
        "the second run reports other items for a person\n--- first run ---\n%s\n--- second run ---\n%s"
        % (m.describe(m.manual), m.describe([f for f in m.second["findings"] if not f["applied"]])))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MUST_RUN))
def test_must_run_migrates_completely(name: str, tmp_path_factory) -> None:
    m = migrate(name, tmp_path_factory)
    assert "tensorrtserver" not in m.new
    # --drop-v1-only-checks leaves a marker (a manual item) per dropped check, and nothing else
    markers = [f for f in m.manual if f["rule"] == "v1_only_checks"]
    assert len(markers) == m.new.count("# TODO(triton-migrate): dropped V1-only check")
    assert not markers or "--drop-v1-only-checks" in PROGRAMS[name].migrate_args
    left = [f for f in m.manual if f not in markers]
    assert not left, "findings left for a person:\n" + m.describe(left)


@pytest.mark.slow
@pytest.mark.parametrize("name", _params(set(PROGRAMS) - MUST_RUN, KNOWN_SILENT))
def test_no_silent_residue(name: str, tmp_path_factory) -> None:
    m = migrate(name, tmp_path_factory)
    named: set[int] = set()
    for f in m.findings:
        named.update(range(f["line"], max(f["end_line"], f["line"]) + 1))
    silent = silent_lines(m.original, m.new, named)
    lines = m.new.splitlines()
    assert not silent, "V1 usage left with no finding:\n" + "\n".join(
        "%d: %s" % (n, lines[n - 1].strip()) for n in silent)


def _run(triton_server, tmp_path: Path, name: str, protocol: str, new: str) -> list[str]:
    spec = PROGRAMS[name]
    program = tmp_path / (name + ".py")
    program.write_text(new)
    triton_server.ensure_models_loaded(spec.models)
    cmd = command(program, spec, triton_server.url(protocol), protocol, python=sys.executable,
                  urls={p: triton_server.url(p) for p in ("http", "grpc")})
    proc = run_retrying(cmd, triton_server, spec.timeout, spec.unloads_models)
    problems = check_output(name, proc.returncode, proc.stdout)
    if problems:
        problems.append("--- stdout ---\n%s\n--- stderr ---\n%s\n--- migrated ---\n%s"
                        % (proc.stdout, proc.stderr[-3000:], new))
    return problems


@pytest.mark.realserver
@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["http", "grpc"])
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_migrated_program_runs(triton_server, tmp_path: Path, tmp_path_factory, request, name: str,
                               protocol: str) -> None:
    if protocol not in PROGRAMS[name].protocols:
        pytest.skip("the program speaks %s only (V1 streams were gRPC only)" % "/".join(PROGRAMS[name].protocols))
    m = migrate(name, tmp_path_factory)
    if name not in MUST_RUN:
        if m.manual:
            pytest.skip("%d item(s) left for a person (named by findings); not run" % len(m.manual))
        if name in KNOWN_BROKEN:
            request.node.add_marker(pytest.mark.xfail(reason=KNOWN_BROKEN[name], strict=False))
    problems = _run(triton_server, tmp_path, name, protocol, m.new)
    assert not problems, "\n".join(problems)


def test_shapes_are_listed() -> None:
    assert set(SHAPES) <= set(PROGRAMS)
    assert not (set(KNOWN_SILENT) | set(KNOWN_BROKEN) | set(KNOWN_UNSTABLE)) & MUST_RUN
