"""YAML costs follow V1 content, not size (docsfiles lane).  Writes bench/results/yaml-costs-<date>.json.

    python bench/yaml_costs.py                  # 4 CRDs of 2 MB, medians of 3 runs
    python bench/yaml_costs.py --crds 2 --repeat 1

1. An operator-like tree (several 2 MB CRDs that mention Triton, probes and
   ``tritonserver`` but hold no V1 usage; Go sources; docs), run with the CLI,
   against the same tree without its YAML files.  Target: at most 1.5x.
2. A 2 MB YAML with one V1 image line, in process: ``migrate_bytes`` against
   reading the file (open, read, UTF-8 decode).  Target: at most 10x.  Two
   shapes: many small documents (a kustomize/helm output) and one 2 MB
   document (the image inside a CRD-sized manifest).
3. For scale: what composing the whole 2 MB file with ruamel costs (what the
   carrier did before, once per rule with a node hook, plus once to validate).

The one-document shape is measured with the V1 line near the head and at the
tail (the outline of a large document walks up from the line to the root).
Each case also reports the needle pre-filter alone (``may_need_work`` and the
rules' ``may_apply``, engine work every carrier pays), so the carrier's own
share is visible.  ``--baseline DIR`` measures the file cases with the code of
another checkout (say ``/work/main``) in the same run, for before/after figures.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import k8s_trees  # noqa: E402
from run import TOOL, measure  # noqa: E402
from timing import best  # noqa: E402

MB = 1024 * 1024


def tree_bench(base: Path, crds: int, repeat: int) -> dict[str, object]:
    full = k8s_trees.operator_tree(base / "operator", crds=crds)
    bare = k8s_trees.operator_tree(base / "operator-noyaml", crds=crds, yaml=False)
    with_yaml = [measure([*TOOL, ".", "--jobs", "1"], full, "operator tree") for _ in range(repeat)]
    without = [measure([*TOOL, ".", "--jobs", "1"], bare, "same tree without YAML") for _ in range(repeat)]
    a = statistics.median(float(r["wall_s"]) for r in with_yaml)
    b = statistics.median(float(r["wall_s"]) for r in without)
    size = sum(p.stat().st_size for p in full.rglob("*") if p.is_file())
    return {"crds": crds, "tree_bytes": size, "with_yaml_wall_s": a, "without_yaml_wall_s": b,
            "ratio": round(a / b, 2), "target": 1.5, "met": a / b <= 1.5,
            "runs": {"with_yaml": with_yaml, "without_yaml": without}}


def file_shapes() -> dict[str, str]:
    crd = k8s_trees.crd(2 * MB)
    v2, v1 = "default: nvcr.io/nvidia/tritonserver:24.10-py3", "default: nvcr.io/nvidia/tensorrtserver:19.10-py3"
    last = crd.rfind(v2)
    return {
        "many documents": k8s_trees.v1_image_yaml(2 * MB),
        "one document": crd.replace(v2, v1, 1),
        "one document, V1 line at the tail": crd[:last] + crd[last:].replace(v2, v1, 1),
    }


def file_bench(base: Path, repeat: int, whole_file: bool = True) -> dict[str, object]:
    from triton_migrate.carriers import get_carrier
    from triton_migrate.carriers.yaml import load
    from triton_migrate.engine import enabled_rules, may_need_work, migrate_bytes
    from triton_migrate.settings import Settings

    settings = Settings()
    rules = enabled_rules(get_carrier("yaml"), settings)
    out: dict[str, object] = {}
    for shape, text in file_shapes().items():
        path = base / f"{shape.replace(' ', '-').replace(',', '')}.yaml"
        path.write_text(text)
        data = path.read_bytes()
        outcome = migrate_bytes(data, path.name, settings)
        assert outcome.result.status == "changed", outcome.result.reason
        read = best(lambda p=path: p.read_bytes().decode("utf-8"), max(repeat, 5))
        prefilter = best(lambda d=data, t=text: (may_need_work(d, "x.yaml", settings),
                                                 [r.may_apply(t) for r in rules]), max(repeat, 3))
        tool = best(lambda p=path: migrate_bytes(p.read_bytes(), p.name, settings), repeat)
        entry = {"bytes": len(data), "read_decode_s": round(read, 5), "migrate_s": round(tool, 4),
                 "needle_prefilter_s": round(prefilter, 4), "ratio": round(tool / read, 1),
                 "ratio_without_prefilter": round((tool - prefilter) / read, 1), "target": 10, "met": tool / read <= 10}
        if whole_file and repeat > 0 and shape != "one document, V1 line at the tail":
            start = time.perf_counter()
            load(text)
            entry["ruamel_whole_file_s"] = round(time.perf_counter() - start, 2)
        out[shape] = entry
        print(f"  2 MB YAML, {shape:34s} read {read * 1000:6.2f} ms  migrate {tool * 1000:8.1f} ms "
              f"(needle pre-filter {prefilter * 1000:5.1f} ms)  ratio {tool / read:7.1f}x  "
              f"(ruamel whole file {entry.get('ruamel_whole_file_s', '-')} s)", flush=True)
    return out


def baseline_bench(code: Path, repeat: int) -> dict[str, object]:
    """The file cases with the package of another checkout, in a child process."""
    proc = subprocess.run([sys.executable, __file__, "--file-only", "--repeat", str(repeat)],
                          env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True, check=True)
    print(proc.stdout, end="")
    return json.loads(proc.stdout.rsplit("JSON ", 1)[1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--crds", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", type=Path, help="another checkout whose code to measure on the file cases too")
    ap.add_argument("--file-only", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="yaml-costs-"))
    try:
        if a.file_only:
            import triton_migrate

            print(f"code: {Path(triton_migrate.__file__).parent}")
            print("JSON " + json.dumps(file_bench(base, a.repeat, whole_file=False)))
            return 0
        results: dict[str, object] = {
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "tree": tree_bench(base, a.crds, a.repeat), "file": file_bench(base, a.repeat)}
        if a.baseline:
            print(f"baseline ({a.baseline}):")
            results["baseline"] = {"code": str(a.baseline), "file": baseline_bench(a.baseline, 1)}
    finally:
        shutil.rmtree(base, ignore_errors=True)
    tree = results["tree"]
    print(f"operator tree ({tree['crds']} CRDs of 2 MB): {tree['with_yaml_wall_s']:.2f} s vs "
          f"{tree['without_yaml_wall_s']:.2f} s without YAML = {tree['ratio']}x (target 1.5x)")
    out = HERE / "results" / f"yaml-costs-{datetime.date.today().isoformat()}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
