"""Many V1 programs in one file, migrated together with the real CLI, each run UNEDITED against a real server.

The bench's big file (bench/python_verifier.py) is made of the V1 programs that convert fully when
migrated alone, each wrapped in a function (tests/wrapped_programs.py).  This test builds that file
with each program once (52 programs, about 2,500 lines), migrates it as a user does, and then:

* nothing is left for a person and no V1 line is left (tests/v1_sites.py): the programs do not keep
  each other V1 (same names of classes, helpers, globals; one shared-memory registry and one
  ``_v1_run`` written for all of them);
* each program's function, called on its own from the migrated file (``runpy`` with the program's
  command line), prints exactly its expected lines over HTTP and gRPC: what the verifier accepted
  runs.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from expected import PROGRAMS, check_output, command, run_cli, run_retrying
from v1_sites import v1_sites
from wrapped_programs import joined, wrap

#: The programs that convert fully when wrapped and migrated alone (``bench/python_verifier.full_programs``),
#: but ``stream_pairs``: its ``main`` sets ``global FLAGS``, which wrapped is no longer the ``FLAGS`` its other
#: functions read (the wrapped V1 program fails the same way).
MIXED = (
    "appended_configs", "async_callback_results", "async_callback_shared", "async_containers", "async_infer",
    "async_queue", "attr_context", "classify", "control_containers", "correlation_read", "factory_branches",
    "factory_context", "factory_models", "headers", "health", "helper_context", "last_request", "literal_protocol",
    "loop_health_control", "loop_protocols", "model_control", "multi_context", "nobatch_infer", "protocol_on_self",
    "repository_index", "result_dict", "run_dicts", "run_dicts_async", "run_dicts_two_sends", "self_containers",
    "self_helper_names", "sequence", "sequence_configs", "sequence_subclass", "shm_branch_unregister",
    "shm_or_numpy", "shm_region_lists", "simple_infer", "status_chained", "status_config", "status_config_star",
    "status_counters", "status_held", "status_pairs", "status_print", "status_raw_config", "status_stats",
    "stream_sequences", "string_infer", "subclass_async", "version_variable", "with_control",
)

#: Runs one function of the migrated file with a program's command line (``__name__`` is ``"__main__"``, as
#: when the program ran as a script, so its ``if __name__ == '__main__'`` block runs).
RUNNER = ("import runpy, sys; path, function = sys.argv[1], sys.argv[2]; sys.argv = [path, *sys.argv[3:]]; "
          "runpy.run_path(path, run_name='__main__')[function]()")

_CACHE: list[tuple[Path, str, list[dict]]] = []


def _migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[dict]]:
    """The migrated file, its text and the run's findings (once per session)."""
    if not _CACHE:
        folder = tmp_path_factory.mktemp("mixed") / "project"
        folder.mkdir()
        imports: list[str] = []
        functions: list[str] = []
        for name in MIXED:
            hoist, function = wrap(name, PROGRAMS[name].v1_path.read_text(), 0)
            imports += hoist
            functions.append(function)
        target = folder / "programs.py"
        target.write_text(joined(imports, functions))
        report = run_cli([str(folder), "--write"], folder.parent / "report.json", timeout=1200)
        _CACHE.append((target, target.read_text(), report["findings"]))
    return _CACHE[0]


def test_programs_fit_the_file() -> None:
    """The file is migrated with the default options, and a wrapped program keeps its meaning only without
    ``global`` statements (they would name the file's globals, not the wrapping function's names)."""
    assert all(not PROGRAMS[name].migrate_args for name in MIXED)
    assert not [name for name in MIXED if re.search(r"^\s*global ", PROGRAMS[name].v1_path.read_text(), re.M)]


@pytest.mark.slow
def test_every_program_converts(tmp_path_factory: pytest.TempPathFactory) -> None:
    _path, new, findings = _migrated(tmp_path_factory)
    manual = [f"{f['line']}: {f['rule']}: {f['message'][:200]}" for f in findings if not f["applied"]]
    assert not manual, "items left for a person:\n" + "\n".join(manual[:40])
    lines = new.splitlines()
    left = v1_sites("programs.py", new)
    assert not left, "V1 usage left:\n" + "\n".join(f"{n}: {lines[n - 1].strip()}" for n in sorted(left)[:40])


@pytest.mark.realserver
@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["http", "grpc"])
@pytest.mark.parametrize("name", MIXED)
def test_each_program_runs(triton_server, tmp_path_factory: pytest.TempPathFactory, name: str, protocol: str) -> None:
    spec = PROGRAMS[name]
    if protocol not in spec.protocols:
        pytest.skip("the program speaks %s only" % "/".join(spec.protocols))
    path, new, _ = _migrated(tmp_path_factory)
    triton_server.ensure_models_loaded(spec.models)
    cmd = command(path, spec, triton_server.url(protocol), protocol, python=sys.executable,
                  urls={p: triton_server.url(p) for p in ("http", "grpc")})
    cmd = [sys.executable, "-c", RUNNER, str(path), f"program_{name}_0", *cmd[2:]]
    proc = run_retrying(cmd, triton_server, spec.timeout, spec.unloads_models)
    problems = check_output(name, proc.returncode, proc.stdout)
    assert not problems, "\n".join([*problems, f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr[-3000:]}"])
