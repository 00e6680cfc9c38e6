"""tree-sitter-bash against bashlex on the corpus shell scripts (and any other folder).

    python bench/shell_parsers.py [FOLDER ...]     (default: ../shared/corpus/v1)

For each shell script (`.sh`, `.bash`, or a `#!` line naming a shell): does
`bash -n` accept it, does bashlex parse it, does tree-sitter-bash leave error
nodes, and how long each parser takes (median of 5 runs over the whole set,
after one warm-up run; bashlex's import time is not counted).  bashlex is not a
dependency of the project: install it in the venv to compare (`pip install bashlex`).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from triton_migrate.carriers import carrier_for
from triton_migrate.shellwords import parse_shell, parse_tree

ROOT = Path(__file__).resolve().parents[1]


def scripts(folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and (carrier := carrier_for(path.name, path.read_bytes()[:256])) and carrier.name == "shell":
                found.append(path)
    return found


def timed(fn, texts: list[str], repeat: int = 5) -> float:
    fn(texts)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(texts)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    folders = [Path(a) for a in sys.argv[1:]] or [ROOT.parent / "shared" / "corpus" / "v1"]
    paths = scripts(folders)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    accepted = [subprocess.run(["bash", "-n", str(p)], capture_output=True).returncode == 0 for p in paths]
    ts_errors = [bool(parse_shell(t).errors) for t in texts]
    try:
        import bashlex
    except ImportError:
        bashlex = None
    bl_fail = []
    if bashlex is not None:
        for text in texts:
            try:
                bashlex.parse(text)
                bl_fail.append(False)
            except Exception:  # noqa: BLE001 (bashlex raises several types)
                bl_fail.append(True)
    lines = sum(t.count("\n") for t in texts)
    print(f"{len(paths)} scripts, {lines} lines, bash -n accepts {sum(accepted)}")
    print(f"tree-sitter-bash: error nodes in {sum(ts_errors)} "
          f"({sum(e and a for e, a in zip(ts_errors, accepted))} of them accepted by bash -n)")
    ts_time = timed(lambda ts: [parse_tree(t) for t in ts], texts)
    full_time = timed(lambda ts: [parse_shell(t) for t in ts], texts)
    print(f"tree-sitter-bash: parse {ts_time * 1000:.1f} ms, parse + commands/words {full_time * 1000:.1f} ms")
    if bashlex is not None:
        print(f"bashlex: fails on {sum(bl_fail)} ({sum(f and a for f, a in zip(bl_fail, accepted))} of them accepted by bash -n)")

        def run_bashlex(ts: list[str]) -> None:
            for t in ts:
                try:
                    bashlex.parse(t)
                except Exception:  # noqa: BLE001
                    pass

        bl_time = timed(run_bashlex, texts)
        print(f"bashlex: parse {bl_time * 1000:.1f} ms ({bl_time / ts_time:.1f}x tree-sitter's parse, "
              f"{bl_time / full_time:.1f}x parse + words)")
        for path, fail in zip(paths, bl_fail):
            if fail:
                print("  bashlex fails:", path.relative_to(folders[0]) if path.is_relative_to(folders[0]) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
