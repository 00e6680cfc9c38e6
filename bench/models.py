"""Model repositories: the cost of the per-model plan, and of large engines (issue 13).

Builds (in a temporary folder) a V1 repository of N models, a third TensorRT
plans, a third ONNX models, a third Python models, each model file a *sparse*
file of --size MiB (no disk space used, but a reader still gets every byte),
and runs the tool on it (dry run, --format json, -j1) with --repeat runs.
Prints the median wall time of the tool, of the same tree with 1 KiB model
files, and of reading every model file once (what the runner did before it
read only the head of files no carrier claims).

    python bench/models.py [--models 60] [--size 256] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = (("tensorrt_plan", "model.plan"), ("onnxruntime_onnx", "model.onnx"), ("python", "model.py"))


def build(root: Path, models: int, size: int) -> None:
    repo = root / "models"
    for i in range(models):
        platform, filename = KINDS[i % len(KINDS)]
        folder = repo / f"m{i:04d}"
        (folder / "1").mkdir(parents=True)
        field = f'backend: "{platform}"' if platform == "python" else f'platform: "{platform}"'
        (folder / "config.pbtxt").write_text(f'name: "m{i:04d}"\n{field}\nmax_batch_size: 8\n')
        path = folder / "1" / filename
        if filename == "model.py":
            path.write_text("class TritonPythonModel:\n    def execute(self, requests):\n        return []\n")
        else:
            with open(path, "wb") as handle:
                handle.write(b"\x00model")
                handle.truncate(size)
    (root / "Dockerfile").write_text("FROM nvcr.io/nvidia/tensorrtserver:20.02-py3\n")
    (root / "pyproject.toml").write_text("")


def tool_run(root: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "triton_migrate", ".", "--format", "json", "-j1", "-q",
                           "--target-version", "2.51"], cwd=root, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    return elapsed, json.loads(proc.stdout)


def read_all(root: Path) -> float:
    start = time.perf_counter()
    for path in root.rglob("model.*"):
        with open(path, "rb") as handle:
            while handle.read(1 << 20):
                pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=60)
    parser.add_argument("--size", type=int, default=256, help="MiB per model file (sparse)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tm-bench-models-") as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        build(big, args.models, args.size * 1024 * 1024)
        build(small, args.models, 1024)
        big_runs, small_runs = [], []
        for _ in range(args.repeat):  # interleaved: the machine is shared
            big_runs.append(tool_run(big))
            small_runs.append(tool_run(small))
        reads = [read_all(big) for _ in range(args.repeat)]
        report = big_runs[0][1]
        fates: dict[str, int] = {}
        for model in report["models"]:
            fates[model["fate"]] = fates.get(model["fate"], 0) + 1
        total = sum(1 for _ in big.rglob("model.*") if _.suffix != ".py") * args.size
        print(f"{args.models} models ({fates}), {total} MiB of sparse model files, median of {args.repeat}:")
        print(f"  tool, model files of {args.size} MiB: {statistics.median(t for t, _ in big_runs):.2f} s")
        print(f"  tool, model files of 1 KiB:       {statistics.median(t for t, _ in small_runs):.2f} s")
        print(f"  reading every model file once:    {statistics.median(reads):.2f} s")
        print(f"  (cpus: {os.cpu_count()})")


if __name__ == "__main__":
    main()
