"""Cost of the Python side (rules + the verifier) against a bare libcst parse + codegen.

    python bench/python_verifier.py            # prints the figures (in-process, best of 3)
    python bench/python_verifier.py --no-big   # without the 10,000-line file (minutes)
    python bench/python_verifier.py --big-lines 2500   # a smaller "big" file
    python bench/python_verifier.py --only-big --write-big /tmp/big.py   # the big file only (and keep it)

Three figures of issue 9, measured in one run on V1 text built from the e2e
V1 programs (tests/e2e/v1_programs, our own code):

- six rules vs one: migrate_text on a file several rules touch, all rules
  against ``--select v1_protocol`` alone;
- dense: bare libcst parse+codegen time / tool time over files of several V1
  programs each (higher is better; 1.0 would be free); ``dense`` puts four programs'
  module code side by side (``not_migrated``: files rolled back whole), ``dense_wrapped``
  four programs that convert fully alone, each in a function, as in the big file;
- a 10,000-line V1 file: tool time and peak RSS over libcst's bare
  parse+codegen of it. The file is made of the e2e programs that convert fully when
  migrated alone, each wrapped in a function ``program_<name>_<round>()`` with the
  imports hoisted to the top; ``big_file_sites`` gives its V1 sites before and after
  (a run that converts nothing shows). Each side runs in a fresh interpreter of its
  own and reports its own peak (``VmHWM``; see ``child``).

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
sys.path.insert(0, str(REPO / "tests"))  # v1_sites: the detector bench/corpus.py counts with

from wrapped_programs import joined, wrap  # noqa: E402  (the programs wrapped in functions)


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


def child(kind: str, path: str, out: str = "") -> dict:
    """One side of the big-file figure in a fresh interpreter: its wall and CPU seconds and its peak
    RSS. The bare side imports libcst only; the tool side writes its output to ``out``.

    The peak is the child's own ``VmHWM`` (/proc/self/status: the high-water mark of the memory of
    the program exec'd, which starts afresh at exec). ``ru_maxrss`` is not: the kernel keeps in it
    the peak of the memory the process had before exec, i.e. of this (parent) process at the fork,
    which after the dense runs is larger than either side. ``ru_maxrss`` is given too (``maxrss_mb``)."""
    code = (
        "import json, resource, sys, time\n"
        "import libcst\n"
        + ("" if kind == "bare" else
           "from triton_migrate.engine import migrate_text\nfrom triton_migrate.settings import Settings\n")
        + f"text = open({path!r}).read()\n"
        "start, cpu = time.perf_counter(), time.process_time()\n"
        + ("libcst.parse_module(text).code\n" if kind == "bare" else
           "result = migrate_text(text, 'big.py', Settings())\n")
        + "wall, cpu = time.perf_counter() - start, time.process_time() - cpu\n"
        "hwm = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
        "maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'s': round(wall, 3), 'cpu_s': round(cpu, 3), "
        "'rss_mb': round(hwm[0] / 1024 if hwm else maxrss, 1), 'maxrss_mb': round(maxrss, 1)}))\n"
        + (f"open({out!r}, 'w').write(result.new or text)\n" if kind == "tool" else ""))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _not_migrated(result) -> bool:  # type: ignore[no-untyped-def]
    """The file was rolled back whole (the verifier's "Not migrated" finding)."""
    return any(f.message.startswith("Not migrated") for f in result.findings)


def full_programs(sources: dict[str, str]) -> list[str]:
    """The programs that convert fully when migrated alone, wrapped as in the big file (no V1 site left
    by tests/v1_sites.py's detector): the big file is made of these only, so what it leaves is the
    cost of size, not of shapes the tool keeps as V1."""
    from v1_sites import v1_sites

    from triton_migrate.engine import migrate_text
    from triton_migrate.settings import Settings

    out = []
    for name, source in sources.items():
        imports, function = wrap(name, source, 0)
        text = "\n".join(dict.fromkeys(imports)) + "\n\n\n" + function
        result = migrate_text(text, "one.py", Settings())
        if v1_sites("one.py", text) and result.new is not None and not v1_sites("one.py", result.new):
            out.append(name)
    return out


def big_file(sources: dict[str, str], names: list[str], lines: int) -> str:
    """``lines`` lines (about) of wrapped programs, round after round, imports hoisted to the top
    (``lines`` 0: each of ``names`` once)."""
    imports: list[str] = []
    functions: list[str] = []
    count, round_ = 0, 0
    if not lines:
        for name in names:
            hoist, function = wrap(name, sources[name], 0)
            imports.extend(hoist)
            functions.append(function)
    while count < lines:
        for name in names:
            hoist, function = wrap(name, sources[name], round_)
            imports.extend(hoist)
            functions.append(function)
            count += function.count("\n") + 2
            if count >= lines:
                break
        round_ += 1
    return joined(imports, functions)


def main() -> int:
    import argparse

    import time

    import libcst

    parser = argparse.ArgumentParser()
    parser.add_argument("--no-big", action="store_true", help="skip the big-file figure")
    parser.add_argument("--only-big", action="store_true", help="the big-file figure only")
    parser.add_argument("--write-big", help="also write the big file there (to profile it)")
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

    if args.only_big:
        return big(args, results)
    # six rules vs one: wrapped programs that convert fully alone, taken while they add rules that edit,
    # until six rules edit the file (the first four programs side by side had three)
    named = {p.stem: p.read_text() for p in PROGRAMS}
    names = full_programs(named)
    chosen: list[str] = []
    editing: set[str] = set()
    for name in names:
        one = migrate_text(big_file(named, [name], 0), "one.py", Settings())
        rules = {f.rule for f in one.findings if f.applied}
        if not rules <= editing:
            chosen.append(name)
            editing |= rules
        if len(editing) >= 6:
            break
    text = big_file(named, chosen, 0)
    full = migrate_text(text, "six.py", Settings())
    touched = sorted({f.rule for f in full.findings if f.applied})
    t_all, c_all = timed(lambda: migrate_text(text, "six.py", Settings()))
    t_one, c_one = timed(lambda: migrate_text(text, "six.py", Settings(select=frozenset({"v1_protocol"}))))
    results["six_rules"] = {"programs": chosen, "rules_that_edit": touched, "not_migrated": _not_migrated(full),
                            "all_s": round(t_all, 3), "one_s": round(t_one, 3),
                            "ratio": round(t_all / t_one, 2), "all_cpu_s": round(c_all, 3),
                            "one_cpu_s": round(c_one, 3), "cpu_ratio": round(c_all / c_one, 2)}

    # dense: several programs per file
    dense = ["\n\n".join(sources[(i + k) % len(sources)] for k in range(4)) for i in range(len(sources))]
    t_bare, c_bare = timed(lambda: [libcst.parse_module(d).code for d in dense])
    t_tool, c_tool = timed(lambda: [migrate_text(d, f"d{i}.py", Settings()) for i, d in enumerate(dense)], repeat=1)
    results["dense"] = {"files": len(dense), "bare_s": round(t_bare, 3), "tool_s": round(t_tool, 3),
                        "ratio_bare_over_tool": round(t_bare / t_tool, 3), "bare_cpu_s": round(c_bare, 3),
                        "tool_cpu_s": round(c_tool, 3), "cpu_ratio_bare_over_tool": round(c_bare / c_tool, 3)}
    results["dense"]["not_migrated"] = sum(_not_migrated(migrate_text(d, f"d{i}.py", Settings()))
                                           for i, d in enumerate(dense))
    # dense, wrapped: four programs that convert fully alone per file, each in its own function (as in
    # the big file): the files above put four programs' module code side by side (four ``main``, the
    # same globals bound four times), and many of them are rolled back whole after rounds of rollbacks
    from v1_sites import v1_sites

    wrapped = [big_file(named, [names[(i + k) % len(names)] for k in range(4)], 0) for i in range(len(names))]
    t_bare, c_bare = timed(lambda: [libcst.parse_module(d).code for d in wrapped])
    start, cpu = time.perf_counter(), time.process_time()
    outs = [migrate_text(d, f"w{i}.py", Settings()) for i, d in enumerate(wrapped)]
    t_tool, c_tool = time.perf_counter() - start, time.process_time() - cpu
    results["dense_wrapped"] = {
        "files": len(wrapped), "bare_s": round(t_bare, 3), "tool_s": round(t_tool, 3),
        "ratio_bare_over_tool": round(t_bare / t_tool, 3), "bare_cpu_s": round(c_bare, 3),
        "tool_cpu_s": round(c_tool, 3), "cpu_ratio_bare_over_tool": round(c_bare / c_tool, 3),
        "not_migrated": sum(_not_migrated(o) for o in outs),
        "sites": {"before": sum(len(v1_sites("w.py", d)) for d in wrapped),
                  "after": sum(len(v1_sites("w.py", o.new or d)) for o, d in zip(outs, wrapped))}}

    if args.no_big:
        print(json.dumps(results, indent=2))
        return 0
    return big(args, results)


def big(args, results: dict) -> int:  # type: ignore[no-untyped-def]
    # a 10,000-line V1 file of the programs that convert fully alone, each wrapped in a function
    from v1_sites import v1_sites

    named = {p.stem: p.read_text() for p in PROGRAMS}
    names = full_programs(named)
    text = big_file(named, names, args.big_lines)
    # a file of this run's own: two runs at once must not read or delete each other's
    handle, name = tempfile.mkstemp(prefix="triton-migrate-bench-big-", suffix=".py")
    os.close(handle)
    big = Path(name)
    big.write_text(text)
    if args.write_big:
        Path(args.write_big).write_text(text)
    out = Path(name + ".out")
    # each side in a fresh interpreter of its own: ru_maxrss is the peak of the process (and a child
    # starts from its parent's), so neither side may run in this process nor after the other
    bare = child("bare", str(big))
    tool = child("tool", str(big), str(out))
    after = out.read_text() if out.exists() else text
    results["big_file"] = {"lines": text.count("\n") + 1, "programs": f"{len(names)} of {len(named)}",
                           "big_file_sites": {"before": len(v1_sites("big.py", text)),
                                              "after": len(v1_sites("big.py", after))},
                           "bare": bare, "tool": tool,
                           "time_ratio": round(tool["s"] / bare["s"], 2),
                           "cpu_ratio": round(tool["cpu_s"] / bare["cpu_s"], 2),
                           "rss_ratio": round(tool["rss_mb"] / bare["rss_mb"], 2)}
    out.unlink(missing_ok=True)
    big.unlink()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
