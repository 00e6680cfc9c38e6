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
"""
from __future__ import annotations

import argparse
import datetime
import json
import shutil
import statistics
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


def file_bench(base: Path, repeat: int) -> dict[str, object]:
    from triton_migrate.carriers.yaml import load
    from triton_migrate.engine import migrate_bytes
    from triton_migrate.settings import Settings

    settings = Settings()
    shapes = {
        "many documents": k8s_trees.v1_image_yaml(2 * MB),
        "one document": k8s_trees.crd(2 * MB).replace(
            "default: nvcr.io/nvidia/tritonserver:24.10-py3",
            "default: nvcr.io/nvidia/tensorrtserver:19.10-py3", 1),
    }
    out: dict[str, object] = {}
    for shape, text in shapes.items():
        path = base / f"{shape.replace(' ', '-')}.yaml"
        path.write_text(text)
        data = path.read_bytes()
        outcome = migrate_bytes(data, path.name, settings)
        assert outcome.result.status == "changed", outcome.result.reason
        read = best(lambda p=path: p.read_bytes().decode("utf-8"), max(repeat, 5))
        tool = best(lambda p=path: migrate_bytes(p.read_bytes(), p.name, settings), repeat)
        entry = {"bytes": len(data), "read_decode_s": round(read, 4), "migrate_s": round(tool, 4),
                 "ratio": round(tool / read, 1), "target": 10, "met": tool / read <= 10}
        if repeat > 0:
            start = time.perf_counter()
            load(text)
            entry["ruamel_whole_file_s"] = round(time.perf_counter() - start, 2)
        out[shape] = entry
        print(f"  2 MB YAML, {shape:15s} read {read * 1000:7.1f} ms  migrate {tool * 1000:8.1f} ms  "
              f"ratio {tool / read:6.1f}x  (ruamel whole file {entry['ruamel_whole_file_s']} s)", flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--crds", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="yaml-costs-"))
    try:
        results = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                   "tree": tree_bench(base, a.crds, a.repeat), "file": file_bench(base, a.repeat)}
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
