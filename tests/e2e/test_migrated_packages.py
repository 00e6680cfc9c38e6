"""V1 packages of several modules, migrated as a directory and run UNEDITED against a real server.

Each package of v1_packages/ is a folder with a ``main.py`` entry point and a
helper package beside it (``addsub/``, ``rows/``) that main.py imports.  A copy
is migrated with the real CLI (``--write`` over the folder, as a user does), and:

* every migrated module parses; a second run changes nothing and reports the
  same items for a person (the fixed point);
* packages in ``PACKAGES_MUST_RUN`` migrate completely (helpers and callers
  converted together) and ``main.py`` runs unedited over HTTP and gRPC,
  printing exactly ``PACKAGES[name]``;
* the others keep no V1 line without a finding (tests/v1_sites.py), and every
  helper that stays V1 has a finding on it and on each call in another file,
  naming the other file;
* a run over explicit files (pre-commit passes only the changed ones) never
  converts a helper whose caller it does not migrate.
"""
from __future__ import annotations

import ast
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from expected import run_cli, run_retrying
from v1_sites import silent_lines

HERE = Path(__file__).resolve().parent
PACKAGE_DIR = HERE / "v1_packages"


def _rows(offsets=(0, 4, 8)) -> list[str]:
    return ["row %d: sum %d diff %d" % (off, 32 * off + 24, 24) for off in offsets]


#: Expected stdout of each package's main.py (computed here, independently of the programs).
PACKAGES: dict[str, list[str]] = {
    "helper_package": ["live: True", "ready: True", *_rows(), "PASS"],
    "helper_kept": [],  # keeps V1 helpers (reported on both sides): not run
    "ctx_helpers": ["ready: True", "live: True", "loaded simple", "registered", "PASS"],
    "ctx_kept": [],  # keeps V1 helpers (reported on both sides): not run
    "protocol_chain": ["live: True", "ready: True", "PASS"],
    "instance_method": ["live: True", "ready: True", "PASS"],
    "instance_kept": [],  # keeps V1 methods (reported on both sides): not run
    "shm_kept": [],  # factory imported by name, its regions unregistered by handle in main: reported, not run
    "shm_cross": ["PASS"],  # the same through a module alias: the helper module's registry (shmcross)
    # a guarded factory (the list also holds the caller's regions when it passes them) and a cleanup that
    # unregisters those only under the same `is None` test (shmcross.guarded_factory), in shm_util's shape
    "shm_guarded": ["regions: 3", "regions: 3", "PASS"],
    "shm_guarded_kept": [],  # the cleanup unregisters the caller's region too: it stays V1, reported; not run
    # a helper class's own factory method makes the regions, a subclass in main.py hands them back to its
    # async_run() sequence check through a Thread (seqcross + runadapter's _v1_async_run)
    "seq_factory": ["numpy: 12", "shm: 5", "PASS"],
    "star_reexport": [],  # main.py takes the V1 names from a module that star-imports them: kept, not run
    "protocol_table": [],  # the protocol comes from another module's table: the context stays V1; not run
}
#: Packages that must migrate completely and run unedited over both protocols.
PACKAGES_MUST_RUN = frozenset({
    "helper_package",
    "ctx_helpers",
    "protocol_chain",
    "instance_method",
    "shm_cross",
    "shm_guarded",
    "seq_factory",
})
MODEL_NEEDS = {"helper_package": ("simple",), "ctx_helpers": ("simple",)}


class Migrated:
    def __init__(self, name: str, folder: Path, originals: dict[str, str], findings: list[dict], second: dict) -> None:
        self.name, self.folder, self.originals = name, folder, originals
        self.findings, self.second = findings, second

    def new(self, rel: str) -> str:
        return (self.folder / rel).read_text()

    @property
    def manual(self) -> list[dict]:
        return [f for f in self.findings if not f["applied"]]


def _cli(folder: Path, *args: str, cwd: Path | None = None) -> dict:
    report = folder.parent / ("report-%d.json" % len(list(folder.parent.glob("report-*.json"))))
    return run_cli(args or (str(folder),), report, cwd=cwd)


def _copy(name: str, work: Path) -> Path:
    folder = work / name
    shutil.copytree(PACKAGE_DIR / name, folder)
    (folder / ".git").mkdir()  # a project root, as in a real repository
    return folder


def _sources(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*.py"))}


_CACHE: dict[str, Migrated] = {}


def migrate(name: str, tmp_path_factory) -> Migrated:
    if name not in _CACHE:
        folder = _copy(name, tmp_path_factory.mktemp("pkg-" + name))
        originals = _sources(folder)
        first = _cli(folder, str(folder), "--write")
        second = _cli(folder, str(folder), "--check")
        _CACHE[name] = Migrated(name, folder, originals, first["findings"], second)
    return _CACHE[name]


def _manual_items(findings: list[dict]) -> Counter:
    return Counter((f["path"].rsplit("/", 1)[-1], f["line"], f["rule"]) for f in findings if not f["applied"])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_package_reaches_a_fixed_point(name: str, tmp_path_factory) -> None:
    m = migrate(name, tmp_path_factory)
    for rel in m.originals:
        ast.parse(m.new(rel))
    assert not [f for f in m.second.get("files", []) if f["status"] == "changed"], "a second run changed files"
    assert not [f for f in m.second["findings"] if f["applied"] and f["severity"] != "warning"], \
        "a second run still rewrites"
    assert _manual_items(m.second["findings"]) == _manual_items(m.findings)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PACKAGES_MUST_RUN))
def test_package_migrates_completely(name: str, tmp_path_factory) -> None:
    m = migrate(name, tmp_path_factory)
    assert not m.manual, "\n".join("%s:%s %s" % (f["path"], f["line"], f["message"]) for f in m.manual)
    for rel in m.originals:
        assert "tensorrtserver" not in m.new(rel), rel
        assert "ProtocolType" not in m.new(rel), rel


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(set(PACKAGES) - PACKAGES_MUST_RUN))
def test_package_no_silent_residue(name: str, tmp_path_factory) -> None:
    m = migrate(name, tmp_path_factory)
    for rel, original in m.originals.items():
        named: set[int] = set()
        for f in m.findings:
            if f["path"].endswith(rel):
                named.update(range(f["line"], max(f["end_line"], f["line"]) + 1))
        silent = silent_lines(original, m.new(rel), named)
        assert not silent, "%s: V1 usage left with no finding on lines %s" % (rel, silent)


@pytest.mark.slow
def test_kept_helpers_are_reported_on_both_sides(tmp_path_factory) -> None:
    """A helper whose cross-module caller cannot convert stays V1, with a finding on it naming the caller's
    file and a finding on each call naming the helper's file."""
    m = migrate("helper_kept", tmp_path_factory)
    assert m.new("rows/health.py") == m.originals["rows/health.py"]  # the caller prints the ProtocolType
    assert m.new("rows/infer.py") == m.originals["rows/infer.py"]
    by_place = {(f["path"].split("helper_kept/")[-1], f["line"]): f["message"] for f in m.manual
                if f["rule"] == "v1_client_api"}
    for helper_line, call_line, name in ((4, 21, "server_live"), (4, 26, "make_context"), (9, 23, "add_sub")):
        helper = "rows/health.py" if name == "server_live" else "rows/infer.py"
        assert "main.py) with V1 objects" in by_place[(helper, helper_line)], by_place
        assert helper in by_place[("main.py", call_line)] and name in by_place[("main.py", call_line)], by_place


@pytest.mark.slow
def test_kept_context_parameters_are_reported_on_both_sides(tmp_path_factory) -> None:
    """Context parameters whose callers pass a context built with headers, a status context (it carries a
    model) or a context read from a dict: the helper stays as it was, with a finding on it naming main.py
    and one on each call naming the helper's file and why."""
    m = migrate("ctx_kept", tmp_path_factory)
    assert m.new("checks/probes.py") == m.originals["checks/probes.py"]
    by_place = {(f["path"].split("ctx_kept/")[-1], f["line"]): f["message"] for f in m.manual
                if f["rule"] == "v1_client_api"}
    for helper_line, call_line, why in ((1, 21, "http_headers"), (5, 24, "ServerStatusContext")):
        assert "main.py) with V1 objects" in by_place[("checks/probes.py", helper_line)], by_place
        assert why in by_place[("checks/probes.py", helper_line)], by_place
        assert "checks/probes.py" in by_place[("main.py", call_line)], by_place
    # checks/probes.py names no V1 API and reload() gets a dict's element: no decision; the call says why
    assert "ModelControlContext" in by_place.get(("main.py", 27), "") or any(
        f["path"].endswith("main.py") and f["line"] == 27 for f in m.manual), by_place


@pytest.mark.slow
def test_explicit_files_never_convert_a_context_helper_for_unseen_callers(tmp_path_factory) -> None:
    """Only the helpers passed (pre-commit): main.py, which passes them V1 contexts, is read but not
    migrated, so the helpers stay V1 with a finding naming it."""
    folder = _copy("ctx_helpers", tmp_path_factory.mktemp("pkg-ctx-precommit"))
    report = _cli(folder, "ops/health.py", "ops/models.py", "ops/regions.py", "--write", cwd=folder)
    after = _sources(folder)  # an unused V1 import may go: the uses of the contexts stay V1
    assert "health_ctx.is_ready()" in after["ops/health.py"] and "control_ctx.load(" in after["ops/models.py"]
    assert "shm_ctx.register(handle)" in after["ops/regions.py"] and "shm_ctx.unregister_all()" in after["ops/regions.py"]
    for rel, line in (("ops/health.py", 4), ("ops/models.py", 4), ("ops/regions.py", 4), ("ops/regions.py", 11)):
        helper = [f for f in report["findings"] if f["path"] == rel and f["line"] == line]
        assert helper and "main.py" in helper[0]["message"] and "not migrated in this run" in helper[0]["message"]


@pytest.mark.slow
def test_methods_called_through_unresolved_objects_stay_v1(tmp_path_factory) -> None:
    """main.py calls the Probe's methods on a parameter: the methods stay V1 with a finding naming main.py,
    and each ProtocolType passed to them is reported where it is."""
    m = migrate("instance_kept", tmp_path_factory)
    assert m.new("probes/server.py") == m.originals["probes/server.py"]
    by_place = {(f["path"].split("instance_kept/")[-1], f["line"]): f["message"] for f in m.manual}
    for line in (11, 15):
        assert "main.py" in by_place[("probes/server.py", line)] and "cannot follow" in \
            by_place[("probes/server.py", line)], by_place
    assert "ProtocolType.HTTP" in by_place[("main.py", 10)]


@pytest.mark.slow
def test_explicit_files_never_convert_a_protocol_chain_for_unseen_callers(tmp_path_factory) -> None:
    """The helpers and the module passing the protocol on, without main.py (read, not migrated): nothing of
    the chain converts, and both helpers of app/health.py name the file that stays V1."""
    folder = _copy("protocol_chain", tmp_path_factory.mktemp("pkg-chain-precommit"))
    before = _sources(folder)
    report = _cli(folder, "app/health.py", "app/checks.py", "--write", cwd=folder)
    assert _sources(folder) == before
    checks = [f for f in report["findings"] if f["path"] == "app/checks.py" and f["line"] == 4]
    assert checks and "main.py calls it and is not migrated in this run" in checks[0]["message"]
    for line in (4, 11):
        helper = [f for f in report["findings"] if f["path"] == "app/health.py" and f["line"] == line]
        assert helper and "`server_checks()`, which stays V1" in helper[0]["message"], helper


@pytest.mark.slow
def test_explicit_files_never_convert_a_helper_for_unseen_callers(tmp_path_factory) -> None:
    """pre-commit passes only the changed files: the helper is not converted while main.py, which the run
    does not migrate, still passes it a ProtocolType; the finding names main.py."""
    folder = _copy("helper_package", tmp_path_factory.mktemp("pkg-precommit"))
    before = (folder / "addsub" / "health.py").read_text()
    report = _cli(folder, "addsub/health.py", "addsub/client.py", "--write", cwd=folder)
    assert (folder / "addsub" / "health.py").read_text() == before
    helper = [f for f in report["findings"] if f["path"] == "addsub/health.py" and f["line"] == 4]
    assert helper and "main.py" in helper[0]["message"] and "not migrated in this run" in helper[0]["message"]
    # migrated together afterwards, everything converts
    report = _cli(folder, ".", "--write", cwd=folder)
    assert not [f for f in report["findings"] if not f["applied"]]
    assert "tensorrtserver" not in (folder / "addsub" / "health.py").read_text()


@pytest.mark.realserver
@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["http", "grpc"])
@pytest.mark.parametrize("name", sorted(PACKAGES_MUST_RUN))
def test_migrated_package_runs(triton_server, tmp_path_factory, name: str, protocol: str) -> None:
    m = migrate(name, tmp_path_factory)
    triton_server.ensure_models_loaded(MODEL_NEEDS.get(name, ()))
    proc = run_retrying([sys.executable, str(m.folder / "main.py"), "-u", triton_server.url(protocol), "-i", protocol],
                        triton_server, 120, cwd=m.folder)
    got = [line.rstrip() for line in proc.stdout.splitlines() if line.strip()]
    assert proc.returncode == 0 and got == PACKAGES[name], "%s\n--- stderr ---\n%s" % (proc.stdout, proc.stderr[-3000:])


@pytest.mark.slow
def test_regions_across_modules_are_reported(tmp_path_factory) -> None:
    """Regions created in a helper module and unregistered by handle in the caller's module and in another
    helper, the factory imported by name (``from pool.regions import make_regions``): the caller has no module
    to read the registry through, so every such use keeps a finding (shm_cross is the converting twin)."""
    m = migrate("shm_kept", tmp_path_factory)
    assert "control.unregister(handle)" in m.new("pool/regions.py")
    assert "control.unregister(handles[0])" in m.new("main.py")
    named = {(f["path"].split("shm_kept/")[-1], f["line"]) for f in m.manual}
    for place in (("main.py", 19), ("main.py", 20), ("main.py", 21), ("pool/regions.py", 9),
                  ("pool/regions.py", 17)):
        assert place in named, sorted(named)
    assert "_V1_SHM_REGIONS" not in m.new("main.py")


@pytest.mark.slow
def test_regions_across_modules_read_the_helper_registry(tmp_path_factory) -> None:
    """shm_cross (run above over both protocols): the helper module records what its factory creates and
    defines the registry's register / unregister; the caller reads them through its module alias."""
    m = migrate("shm_cross", tmp_path_factory)
    main, helper = m.new("main.py"), m.new("pool/regions.py")
    assert "regions._v1_unregister(control, handles[0])" in main and "regions._v1_register(control, handles[0])" in main
    assert "_V1_SHM_REGIONS" not in main
    assert "def _v1_register(" in helper and "def _v1_unregister(" in helper
    assert "_v1_unregister(control, handle)" in helper and "_v1_region(None, handle, 'system'" in helper
    assert not m.manual


@pytest.mark.slow
def test_an_exported_factory_of_cuda_regions_registers_them_as_cuda(tmp_path_factory) -> None:
    """shm_cross with CUDA regions: the helper's `_v1_register`, which main.py calls, registers by the recorded
    kind. It registered every region as system memory (the CUDA module name an exported factory chose was reset
    by the plan of lists in the same file): a silent break on the first call."""
    folder = _copy("shm_cross", tmp_path_factory.mktemp("pkg-shm-cuda"))
    regions = folder / "pool" / "regions.py"
    regions.write_text(regions.read_text()
                       .replace("import tensorrtserver.shared_memory as shm", "import tensorrtserver.cuda_shared_memory as cudashm")
                       .replace('shm.create_shared_memory_region(name, "/" + name, byte_size)',
                                "cudashm.create_shared_memory_region(name, byte_size, 0)")
                       .replace("control.register(handle)", "control.cuda_register(handle)")
                       .replace("shm.destroy_shared_memory_region", "cudashm.destroy_shared_memory_region"))
    _cli(folder, str(folder), "--write")
    helper = regions.read_text()
    assert "regions._v1_register(control, handles[0])" in (folder / "main.py").read_text()
    body = helper[helper.index("def _v1_register("):helper.index("def _v1_unregister(")]
    assert "client.register_cuda_shared_memory(name, cudashm.get_raw_handle(handle), where, byte_size)" in body


@pytest.mark.slow
def test_factory_lists_passed_otherwise_stay_v1(tmp_path_factory) -> None:
    """seq_factory's twin: one call hands the helper a copy of the factory's list, so nothing proves that its
    `shm_region_handles` parameter only receives regions the helper's registry records: the async_run() and its
    context stay V1, reported with the reason, and no V1 line is left without a finding."""
    m = migrate("seq_factory_kept", tmp_path_factory)
    helper = m.new("seqhelp/sequtil.py")
    assert "ctx.async_run(" in helper and "_v1_async_run" not in helper
    assert any(f["path"].endswith("sequtil.py") and "shm_region_handles[2 * sent]" in f["message"] for f in m.manual)
    for rel, original in m.originals.items():
        named: set[int] = set()
        for f in m.findings:
            if f["path"].endswith(rel):
                named.update(range(f["line"], max(f["end_line"], f["line"]) + 1))
        assert not silent_lines(original, m.new(rel), named), rel


@pytest.mark.slow
def test_a_module_passing_the_v1_api_on_keeps_its_imports(tmp_path_factory) -> None:
    """shared/common.py star-imports the V1 client and uses none of it; main.py takes ProtocolType and the
    contexts from it (``from shared.common import *``). Removing the unused import left main.py a NameError
    (found by a package probe): it stays, with a warning naming main.py, and main.py's uses are reported."""
    m = migrate("star_reexport", tmp_path_factory)
    assert m.new("shared/common.py") == m.originals["shared/common.py"]
    assert m.new("main.py") == m.originals["main.py"]
    kept = [f for f in m.findings if f["path"].endswith("shared/common.py") and f["rule"] == "v1_imports"]
    assert kept and "main.py takes V1 names from this module" in kept[0]["message"], kept
    named = {f["line"] for f in m.manual if f["path"].endswith("main.py")}
    assert {14, 15, 17} <= named, sorted(named)


@pytest.mark.slow
def test_a_protocol_from_another_modules_table_keeps_the_context_v1(tmp_path_factory) -> None:
    """``ServerHealthContext(url, PROTOCOLS[name])`` with PROTOCOLS imported from net/protocols.py: nothing shows
    the value to be a client module, so the context stays V1 as a whole (the constructor converted alone gave
    ``AttributeError`` on the first call, found by a package probe), each use reported with the reason."""
    m = migrate("protocol_table", tmp_path_factory)
    assert m.new("main.py") == m.originals["main.py"]
    reasons = {f["line"]: f["message"] for f in m.manual if f["path"].endswith("main.py")}
    for line in (16, 17, 18):
        assert "`PROTOCOLS` comes from `from net.protocols import PROTOCOLS`" in reasons.get(line, ""), reasons
