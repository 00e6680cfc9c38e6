"""Two copies of a V1 program in one file, migrated with the real CLI and run UNEDITED against a real server.

Real files hold several test classes or helpers whose classes, methods and attributes share names
(``self.protocols_``, ``self._infer``, ``self.ctx`` in each ``TestCase``).  Here each program of
``COPIED`` is wrapped twice in a function (``program_<name>_0`` and ``program_<name>_1``, see
tests/wrapped_programs.py), so every class, method and attribute name appears twice in different
scopes.  Each copy must convert as the program does alone: no item for a person, no V1 line left
(tests/v1_sites.py), and the file prints the program's expected lines twice over HTTP and gRPC.

The programs are those holding a class that convert fully when wrapped once (a program whose
``__main__`` block sets module globals read by its methods does not keep its meaning wrapped).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from expected import PROGRAMS, check_output, command, run_cli, run_retrying
from v1_sites import v1_sites
from wrapped_programs import copies

#: Programs with classes whose two copies in one file each convert as the program does alone.
COPIED = ("attr_context", "protocol_on_self", "run_dicts", "run_dicts_async", "run_dicts_two_sends",
          "self_containers", "self_helper_names", "sequence_configs", "sequence_subclass", "shm_or_numpy",
          "status_held", "subclass_async")

_CACHE: dict[str, tuple[str, list[dict]]] = {}


def _migrated(name: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict]]:
    """The migrated text of the two-copy file and the findings of the run (cached per session)."""
    if name not in _CACHE:
        folder = tmp_path_factory.mktemp("copies-" + name) / "project"
        folder.mkdir()
        target = folder / f"{name}_twice.py"
        target.write_text(copies(name, PROGRAMS[name].v1_path.read_text(), 2))
        report = run_cli([str(folder), "--write", *PROGRAMS[name].migrate_args], folder.parent / "report.json")
        _CACHE[name] = (target.read_text(), report["findings"])
    return _CACHE[name]


@pytest.mark.slow
@pytest.mark.parametrize("name", COPIED)
def test_each_copy_converts(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    new, findings = _migrated(name, tmp_path_factory)
    manual = [f"{f['line']}: {f['rule']}: {f['message'][:200]}" for f in findings if not f["applied"]]
    assert not manual, "items left for a person:\n" + "\n".join(manual)
    lines = new.splitlines()
    left = v1_sites(f"{name}_twice.py", new)
    assert not left, "V1 usage left:\n" + "\n".join(f"{n}: {lines[n - 1].strip()}" for n in sorted(left))


@pytest.mark.realserver
@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["http", "grpc"])
@pytest.mark.parametrize("name", COPIED)
def test_both_copies_run(triton_server, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, name: str,
                         protocol: str) -> None:
    spec = PROGRAMS[name]
    if protocol not in spec.protocols:
        pytest.skip("the program speaks %s only" % "/".join(spec.protocols))
    new, _ = _migrated(name, tmp_path_factory)
    program = tmp_path / f"{name}_twice.py"
    program.write_text(new)
    triton_server.ensure_models_loaded(spec.models)
    cmd = command(program, spec, triton_server.url(protocol), protocol, python=sys.executable,
                  urls={p: triton_server.url(p) for p in ("http", "grpc")})
    proc = run_retrying(cmd, triton_server, 2 * spec.timeout, spec.unloads_models)
    problems = check_output(name, proc.returncode, proc.stdout, [*spec.lines, *spec.lines])
    assert not problems, "\n".join([*problems, f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr[-3000:]}"
                                     f"\n--- migrated ---\n{new}"])
