"""A/B check of the Python side: outputs and findings of every input, to compare two code versions.

    python bench/ab_python.py dump OUT.json [--no-corpus] [--dense N] [--drop-v1-only-checks]   # record results
    python bench/ab_python.py compare A.json B.json                     # list what differs (exit 1 if any)

Inputs: every Python fixture case (with its own settings, and with all rules), the e2e V1
programs (tests/e2e/v1_programs, all rules, each also with ``--select v1_protocol``), N dense
files of four e2e programs each (as bench/python_verifier.py builds them), and the Python files
of ``../shared/corpus/v1`` (skipped when absent; never copied). For each: the status, the new
text, every field of every finding, and the output of a second run over the output. Used to
show that a change of mechanism (carriers/python.py, analysis/*) changes nothing users see.
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

CORPUS = REPO.parent / "shared" / "corpus" / "v1"


def _shapes(count: int) -> list[tuple[str, str]]:
    """``count`` programs of tests/v1_shapes.py drawn with a fixed seed (the property tests' shapes,
    the same ones every run): (name, text)."""
    import random

    import v1_shapes as vs

    pick = random.Random(9)
    out = []
    for _ in range(count):
        shape = vs.Shape(holder=pick.choice(vs.HOLDERS), kinds=tuple(pick.sample(vs.KINDS, pick.choice((1, 2)))),
                         imports=pick.choice(vs.IMPORTS), protocol=pick.choice(vs.PROTOCOLS),
                         headers=pick.choice(vs.HEADERS), version=pick.choice(vs.VERSIONS),
                         flags=pick.choice(vs.FLAGS), use_with=pick.random() < 0.5, place=pick.choice(vs.PLACES),
                         fill=pick.choice(vs.FILLS), read=pick.choice(vs.READS), escape=pick.choice(vs.ESCAPES))
        out.append((shape.name(), vs.render(shape)))
    return out


def _inputs(corpus: bool, dense: int, shapes: int = 0) -> list[tuple[str, str, str, object]]:
    from fixture_cases import discover_cases

    from triton_migrate.settings import Settings

    out: list[tuple[str, str, str, object]] = []
    for case in discover_cases():
        if not case.logical.endswith((".py", ".pyw")):
            continue
        text = case.input.read_text()
        out.append((f"fixture:{case.id}", case.logical, text, case.settings()))
        out.append((f"fixture-all:{case.id}", case.logical, text, Settings()))
    programs = sorted((REPO / "tests/e2e/v1_programs").glob("*.py"))
    sources = [p.read_text() for p in programs]
    for path, text in zip(programs, sources):
        out.append((f"e2e:{path.name}", path.name, text, Settings()))
        out.append((f"e2e-protocol:{path.name}", path.name, text, Settings(select=frozenset({"v1_protocol"}))))
    for i in range(min(dense, len(sources))):
        text = "\n\n".join(sources[(i + k) % len(sources)] for k in range(4))
        out.append((f"dense:{i}", f"d{i}.py", text, Settings()))
    for n, (name, text) in enumerate(_shapes(shapes)):
        out.append((f"shape:{n}:{name}", "shape.py", text, Settings()))
    if corpus and CORPUS.is_dir():
        for path in sorted(CORPUS.rglob("*.py")):
            rel = path.relative_to(CORPUS).as_posix()
            out.append((f"corpus:{rel}", rel, path.read_text(errors="surrogateescape"), Settings()))
    return out


def _record(result: object) -> dict:
    return {"status": result.status, "reason": result.reason, "new": result.new,  # type: ignore[attr-defined]
            "findings": [asdict(f) for f in result.findings]}  # type: ignore[attr-defined]


def dump(out: str, corpus: bool, dense: int, shapes: int = 0, drop: bool = False) -> int:
    from dataclasses import replace

    from triton_migrate.engine import migrate_text

    results: dict[str, dict] = {}
    start = time.process_time()
    for key, path, text, settings in _inputs(corpus, dense, shapes):
        if drop:  # every input as ``--drop-v1-only-checks`` runs it
            settings = replace(settings, drop_v1_only_checks=True)  # type: ignore[type-var]
        first = migrate_text(text, path, settings)  # type: ignore[arg-type]
        entry = _record(first)
        if first.new is not None:
            entry["second"] = _record(migrate_text(first.new, path, settings))  # type: ignore[arg-type]
        results[key] = entry
    Path(out).write_text(json.dumps(results, indent=1, sort_keys=True, default=str))
    from triton_migrate.carriers.python import stats

    print(f"{len(results)} inputs, {time.process_time() - start:.1f} s CPU -> {out}; "
          f"Python rules ran {stats['ran']}, replayed {stats['replayed']}")
    return 0


def compare(a: str, b: str) -> int:
    left, right = json.loads(Path(a).read_text()), json.loads(Path(b).read_text())
    differ = [k for k in sorted(set(left) | set(right)) if left.get(k) != right.get(k)]
    for key in differ:
        print("differs:", key)
    print(f"{len(set(left) | set(right))} inputs, {len(differ)} differ")
    return 1 if differ else 0


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out")
    d.add_argument("--no-corpus", action="store_true")
    d.add_argument("--dense", type=int, default=3)
    d.add_argument("--shapes", type=int, default=0, help="also N seeded programs of tests/v1_shapes.py")
    d.add_argument("--drop-v1-only-checks", action="store_true", help="run every input with that flag")
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    args = parser.parse_args()
    if args.cmd == "dump":
        return dump(args.out, not args.no_corpus, args.dense, args.shapes, args.drop_v1_only_checks)
    return compare(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
