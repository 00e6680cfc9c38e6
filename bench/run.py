"""Run every benchmark in one go; write bench/results/<date>.json and docs/benchmarks.md.

    python bench/run.py                 # everything (the peer alone takes about 2.5 minutes)
    python bench/run.py --no-peer       # skip the LibCST codemod peer
    python bench/run.py --repeat 3      # repeat the triton-migrate runs, report medians

Every figure is measured in this one run, so the ratios compare like with like
on a machine that other work may be slowing down.  CPU time and peak memory
include child processes (the worker pool): CPU from ``wait4``, peak memory as
the largest sum of the resident sizes of the whole process tree, sampled
every 20 ms from /proc, and the largest single process from ``wait4``.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import trees  # noqa: E402

PY = sys.executable
TOOL = [PY, "-m", "triton_migrate"]


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    total = 0
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        child, parent = int(entry), int(fields[1])
        children.setdefault(parent, []).append(child)
        rss[child] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    stack = [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def measure(cmd: list[str], cwd: Path, label: str) -> dict[str, object]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = {
        "label": label,
        "command": " ".join(Path(c).name if c == PY else c for c in cmd),
        "exit": proc.returncode,
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "max_process_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "peak_tree_rss_mb": round(peak[0] / (1024 * 1024), 1),
    }
    if proc.returncode not in (0, 1):
        result["stderr"] = stderr.decode("utf-8", "replace")[-2000:]
    print(f"  {label:34s} {result['wall_s']:8.2f} s wall {result['cpu_s']:8.2f} s cpu "
          f"{result['peak_tree_rss_mb']:7.1f} MB", flush=True)
    return result


def median_of(runs: list[dict[str, object]]) -> dict[str, object]:
    out = dict(runs[0])
    for key in ("wall_s", "cpu_s", "max_process_rss_mb", "peak_tree_rss_mb"):
        out[key] = round(statistics.median(float(r[key]) for r in runs), 3)  # type: ignore[arg-type]
    out["runs"] = [r["wall_s"] for r in runs]
    return out


def repeated(cmd: list[str], cwd: Path, label: str, repeat: int) -> dict[str, object]:
    return median_of([measure(cmd, cwd, label) for _ in range(repeat)])


FLOOR = """
import os, sys
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(folder, name), "rb") as handle:
            n += len(handle.read())
print(n)
"""

BARE = """
import os, sys, time, libcst
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith(".py"))
for path in paths:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert libcst.parse_module(text).code == text
"""


def clean_tree(base: Path, repeat: int, peer: bool) -> dict[str, object]:
    print("clean tree", flush=True)
    info = trees.build_clean(base / "clean")
    trees.build_v1only(base / "v1only")
    runs: dict[str, object] = {}
    for jobs in (2, 1):
        runs[f"tool_clean_j{jobs}"] = repeated(TOOL + ["--check", "-q", f"-j{jobs}", "clean"], base, f"triton-migrate --check -j{jobs} clean", repeat)
        runs[f"tool_v1only_j{jobs}"] = repeated(TOOL + ["--check", "-q", f"-j{jobs}", "v1only"], base, f"triton-migrate --check -j{jobs} v1only", repeat)
    runs["floor_read_all"] = repeated([PY, "-c", FLOOR, "clean"], base, "walk and read every file", repeat)
    runs["grep"] = repeated(["grep", "-rl", "tensorrtserver", "clean"], base, "grep -rl tensorrtserver", repeat)
    runs["startup_help"] = repeated(TOOL + ["--help"], base, "triton-migrate --help", repeat)
    if peer:
        runs["peer_libcst_noop_j2"] = measure(
            [PY, "-m", "libcst.tool", "codemod", "--jobs=2", "--no-format", "--hide-progress", "noop.NOOPCommand", "clean"],
            base, "libcst.tool codemod noop -j2")
    candidates = _candidates(base / "clean")
    return {"tree": info, "runs": runs, "candidates": candidates}


def _candidates(tree: Path) -> list[dict[str, object]]:
    """Files of the clean tree the cheap search sends to the parser, and why."""
    from triton_migrate.carriers import carrier_for
    from triton_migrate.engine import _enabled_rules
    from triton_migrate.settings import Settings

    settings = Settings()
    out = []
    for folder, _, files in os.walk(tree / "stdlib"):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                data = handle.read()
            carrier = carrier_for(path, data[:256])
            if carrier is None:
                continue
            hits = {rule.id: [n.decode() for n in rule.needles if n in data]
                    for rule in _enabled_rules(carrier.name, settings.select, settings.ignore) if rule.may_apply(data)}
            if hits:
                out.append({"path": os.path.relpath(path, tree), "lines": data.count(b"\n"), "needles": hits})
    return out


def dense_tree(base: Path, repeat: int, files: int) -> dict[str, object]:
    print("dense tree", flush=True)
    info = trees.build_dense(base / "dense", files)
    lines = info["lines"]
    runs: dict[str, object] = {}
    runs["bare_parse_codegen"] = repeated([PY, "-c", BARE, "dense"], base, "libcst parse + codegen", repeat)
    for jobs in (1, 2):
        runs[f"dry_run_j{jobs}"] = repeated(TOOL + ["--check", "-q", f"-j{jobs}", "dense"], base, f"triton-migrate --check -j{jobs}", repeat)
        write_runs = []
        for _ in range(repeat):
            copy = base / "dense-write"
            if copy.exists():
                shutil.rmtree(copy)
            shutil.copytree(base / "dense", copy)
            write_runs.append(measure(TOOL + ["--write", "-q", f"-j{jobs}", "dense-write"], base, f"triton-migrate --write -j{jobs}"))
        runs[f"write_j{jobs}"] = median_of(write_runs)
    for run in runs.values():
        run["lines_per_s"] = round(lines / float(run["wall_s"]))  # type: ignore[index, arg-type]
    return {"tree": info, "runs": runs}


def import_time() -> dict[str, object]:
    """Import cost of the CLI (python -X importtime), the slowest top-level modules."""
    proc = subprocess.run([PY, "-X", "importtime", "-m", "triton_migrate", "--help"], capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [p.strip() for p in line[len("import time:"):].split("|")]
        if parts[0].isdigit():
            rows.append((int(parts[1]), parts[2]))
    top = [name for _, name in rows if not name.startswith(" ")]
    cumulative = {name: us for us, name in rows}
    return {"top_level_ms": {n: round(cumulative[n] / 1000, 1) for n in top},
            "slowest_ms": {name.strip(): round(us / 1000, 1) for us, name in sorted(rows, reverse=True)[:12]}}


def ratios(clean: dict, dense: dict) -> dict[str, object]:
    r = clean["runs"]
    out: dict[str, object] = {}
    for jobs in (1, 2):
        out[f"clean_over_v1only_j{jobs}"] = round(r[f"tool_clean_j{jobs}"]["wall_s"] / r[f"tool_v1only_j{jobs}"]["wall_s"], 2)
    if "peer_libcst_noop_j2" in r:
        out["peer_over_tool_j2"] = round(r["peer_libcst_noop_j2"]["wall_s"] / r["tool_clean_j2"]["wall_s"], 1)
    out["peak_tree_rss_mb_clean_j2"] = r["tool_clean_j2"]["peak_tree_rss_mb"]
    if dense:
        d = dense["runs"]
        bare = d["bare_parse_codegen"]["lines_per_s"]
        out["dry_run_j1_over_bare"] = round(d["dry_run_j1"]["lines_per_s"] / bare, 3)
        out["write_j1_over_bare"] = round(d["write_j1"]["lines_per_s"] / bare, 3)
        out["j2_speedup_dry_run"] = round(d["dry_run_j1"]["wall_s"] / d["dry_run_j2"]["wall_s"], 2)
        out["j2_speedup_write"] = round(d["write_j1"]["wall_s"] / d["write_j2"]["wall_s"], 2)
    return out


def machine() -> dict[str, object]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        pass
    import libcst

    return {"cpu": model, "cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1),
            "python": platform.python_version(), "libcst": getattr(libcst, "__version__", "?"),
            "platform": platform.platform(), "load_average_at_start": os.getloadavg()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-dense", action="store_true")
    parser.add_argument("--dense-files", type=int, default=trees.DENSE_FILES,
                        help="files in the dense tree (default %(default)s; fewer for a quick run)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args()
    base = args.workdir or Path(tempfile.mkdtemp(prefix="triton-migrate-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    env = machine()
    clean = clean_tree(base, args.repeat, not args.no_peer)
    dense = {} if args.no_dense else dense_tree(base, args.repeat, args.dense_files)
    result = {
        "date": started.isoformat(timespec="seconds"),
        "command": "python bench/run.py " + " ".join(sys.argv[1:]),
        "machine": env,
        "import_time": import_time(),
        "clean": clean,
        "dense": dense,
        "ratios": ratios(clean, dense),
    }
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"{started:%Y-%m-%d-%H%M}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(REPO)}")
    print(json.dumps(result["ratios"], indent=2))
    if not args.no_docs:
        import report

        report.update_docs(result, out.relative_to(REPO).as_posix())
    if args.workdir is None:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
