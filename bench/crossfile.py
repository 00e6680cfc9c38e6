"""Cost of the cross-file first pass (triton_migrate.crossfile) on the bench trees and the corpus.

For each tree: the time of ``runner.first_pass`` (the cheap search over every file,
which the run does anyway, plus the ``ast`` index of the Python files that name the
V1 API), the same search without the index (``_prefilter`` alone), the files indexed,
the helpers and cross-module calls found, and the decisions.  Medians of ``--repeat``
runs, in this process (no timings are asserted anywhere; figures go to
docs/benchmarks.md by hand).

Usage: python bench/crossfile.py [--repeat N] [--workdir DIR] [--dense-files N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import trees  # noqa: E402

from triton_migrate.runner import _prefilter, discover, first_pass  # noqa: E402
from triton_migrate.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "v1"


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(tree: Path, label: str, repeat: int) -> dict[str, object]:
    settings = Settings()
    targets, _ = discover([str(tree)], tree, settings)
    search = _median(lambda: [_prefilter(t, settings) for t in targets], repeat)
    full = _median(lambda: first_pass(targets, settings), repeat)
    _, index = first_pass(targets, settings)
    helpers = sum(1 for m in index.modules.values() for f in m.functions.values() if f.v1)
    calls = sum(len(m.calls) for m in index.modules.values())
    row = {"tree": label, "files": len(targets), "indexed": len(index.modules), "v1_helpers": helpers,
           "cross_calls": calls, "decisions": len(index.decisions), "search_s": round(search, 3),
           "first_pass_s": round(full, 3), "index_s": round(full - search, 3)}
    print(row, flush=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dense-files", type=int, default=trees.DENSE_FILES)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        base = args.workdir or Path(temp)
        trees.build_clean(base / "clean")
        measure(base / "clean", "clean (stdlib + 20 V1 files)", args.repeat)
        trees.build_dense(base / "dense", args.dense_files)
        measure(base / "dense", f"dense ({args.dense_files} V1 files)", args.repeat)
    if CORPUS.is_dir():
        measure(CORPUS, "corpus v1", args.repeat)
    else:
        print("corpus: ../shared/corpus/v1 not found, skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
