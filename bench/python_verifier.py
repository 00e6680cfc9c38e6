"""Cost of the Python side (rules + the verifier) against a bare libcst parse + codegen.

    python bench/python_verifier.py            # prints the figures (in-process, best of 3)
    python bench/python_verifier.py --no-big   # without the 10,000-line file (minutes)
    python bench/python_verifier.py --big-lines 2500   # a smaller "big" file

Three figures of issue 9, measured in one run on V1 text built from the e2e
V1 programs (tests/e2e/v1_programs, our own code):

- six rules vs one: migrate_text on a file several rules touch, all rules
  against ``--select v1_protocol`` alone;
- dense: bare libcst parse+codegen time / tool time over files of several V1
  programs each (higher is better; 1.0 would be free);
- a 10,000-line V1 file: tool time and peak RSS over libcst's bare
  parse+codegen of it (peak RSS from fresh interpreters, ``ru_maxrss``).

Each figure is given in wall time and in CPU time (``time.process_time``); on a shared
machine the CPU figures are the steadier ones.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))


PROGRAMS = sorted((REPO / "tests/e2e/v1_programs").glob("*.py"))


def timed(fn, repeat: int = 3) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The least wall time and the least CPU time (``time.process_time``) of ``repeat`` runs. On a
    shared machine CPU time is the steadier one (other jobs take turns on the cores, not this
    process's CPU seconds)."""
    import time

    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def child(kind: str, path: str) -> dict:
    code = (
        "import json, resource, sys, time\n"
        "import libcst\n"
        "from triton_migrate.engine import migrate_text\n"
        "from triton_migrate.settings import Settings\n"
        f"text = open({path!r}).read()\n"
        "start, cpu = time.perf_counter(), time.process_time()\n"
        + ("libcst.parse_module(text).code\n" if kind == "bare" else "migrate_text(text, 'big.py', Settings())\n")
        + "print(json.dumps({'s': time.perf_counter() - start, 'cpu_s': time.process_time() - cpu, "
          "'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    import argparse

    import libcst

    parser = argparse.ArgumentParser()
    parser.add_argument("--no-big", action="store_true", help="skip the big-file figure")
    parser.add_argument("--big-lines", type=int, default=10_000, help="lines of the big file (default 10,000)")
    parser.add_argument("--libcst-visits", action="store_true",
                        help="libcst's own CSTNode.visit instead of triton_migrate.analysis.cstwalk (the before figure)")
    args = parser.parse_args()
    if args.libcst_visits:
        import contextlib

        from triton_migrate.carriers import python as python_carrier

        python_carrier.fast_visits = contextlib.nullcontext  # type: ignore[assignment]

    from triton_migrate.engine import migrate_text
    from triton_migrate.settings import Settings

    sources = [p.read_text() for p in PROGRAMS]
    results: dict[str, object] = {}

    # six rules vs one
    text = "\n\n".join(sources[:4])
    full = migrate_text(text, "six.py", Settings())
    touched = sorted({f.rule for f in full.findings if f.applied})
    t_all, c_all = timed(lambda: migrate_text(text, "six.py", Settings()))
    t_one, c_one = timed(lambda: migrate_text(text, "six.py", Settings(select=frozenset({"v1_protocol"}))))
    results["six_rules"] = {"rules_that_edit": touched, "all_s": round(t_all, 3), "one_s": round(t_one, 3),
                            "ratio": round(t_all / t_one, 2), "all_cpu_s": round(c_all, 3),
                            "one_cpu_s": round(c_one, 3), "cpu_ratio": round(c_all / c_one, 2)}

    # dense: several programs per file
    dense = ["\n\n".join(sources[(i + k) % len(sources)] for k in range(4)) for i in range(len(sources))]
    t_bare, c_bare = timed(lambda: [libcst.parse_module(d).code for d in dense])
    t_tool, c_tool = timed(lambda: [migrate_text(d, f"d{i}.py", Settings()) for i, d in enumerate(dense)], repeat=1)
    results["dense"] = {"files": len(dense), "bare_s": round(t_bare, 3), "tool_s": round(t_tool, 3),
                        "ratio_bare_over_tool": round(t_bare / t_tool, 3), "bare_cpu_s": round(c_bare, 3),
                        "tool_cpu_s": round(c_tool, 3), "cpu_ratio_bare_over_tool": round(c_bare / c_tool, 3)}

    if args.no_big:
        print(json.dumps(results, indent=2))
        return 0
    # a 10,000-line V1 file
    parts, lines = [], 0
    while lines < args.big_lines:
        for source in sources:
            parts.append(source)
            lines += source.count("\n") + 2
            if lines >= args.big_lines:
                break
    # a file of this run's own: two runs at once must not read or delete each other's
    handle, name = tempfile.mkstemp(prefix="triton-migrate-bench-big-", suffix=".py")
    os.close(handle)
    big = Path(name)
    big.write_text("\n\n".join(parts))
    bare = child("bare", str(big))
    tool = child("tool", str(big))
    results["big_file"] = {"lines": lines, "bare": bare, "tool": tool,
                           "time_ratio": round(tool["s"] / bare["s"], 2),
                           "cpu_ratio": round(tool["cpu_s"] / bare["cpu_s"], 2),
                           "rss_ratio": round(tool["rss_mb"] / bare["rss_mb"], 2)}
    big.unlink()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
