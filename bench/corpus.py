"""Run triton-migrate over real V1 code written by others and count what is left.

    python bench/corpus.py                 # table per file type and per file
    python bench/corpus.py --json out.json # also write every figure as JSON
    python bench/corpus.py --corpus DIR    # another V1 tree (default ../shared/corpus/v1)

The corpus (``../shared/corpus/v1`` relative to the repository root) is real V1
code from NVIDIA's server repository; it is never copied into this repository.
The script copies it to a temporary folder, runs the real CLI there
(``--write --format json``), and for every file compares before and after with a
V1 *site* detector of its own, independent of the rewriters:

* Python files (parsed with ``ast``): each name imported from ``tensorrtserver``;
  each expression naming a V1-only API (``InferContext``, ``ProtocolType``,
  ``ResultFormat``, ``InferRequestHeader``, the V1 protobuf modules, a
  ``tensorrtserver`` module alias, ``InferenceServerException`` when a V1 import
  binds it); each call of a V1-only method (``async_run``,
  ``get_async_run_results``, ``get_server_status``, ``get_stat``,
  ``get_shared_memory_status``, ``unregister_all``, ``cuda_register``,
  ``get_last_request_*``); each method call on an object built from a V1
  context class (``ctx.run``, ``self.ctx.load``, ``hctx.is_ready`` ...; a
  plain name only where an assignment of a V1 context reaches the call, in
  order within its function); each
  string holding a V1 endpoint, ``trtserver`` or a V1-only server flag.
  A Python file that does not parse is counted with the regex below.
* Other files: each match of a V1 regex (as ``../shared/tools/corpus-check``,
  but matches, not lines), comments included for non-shell text.

Per file it prints: sites before and after, findings (applied / manual),
whether a Python file still parses, whether a second run changes anything or
reports other manual items, and the *silent residue*: lines that still hold a V1
site and that no finding names (findings carry V1 line numbers; the new lines
are mapped back to V1 lines with difflib).
"""
# ruff: noqa: UP031
from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import shlex
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

from v1_sites import map_new_to_old, silent_lines, v1_sites  # noqa: E402  (the detector, shared with the tests)

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "v1"

@dataclass
class FileFigures:
    path: str
    kind: str
    sites_before: int
    sites_after: int
    applied: int = 0
    manual: int = 0
    parses_before: bool | None = None
    parses_after: bool | None = None
    second_run_changes: bool = False
    second_run_same_manual: bool = True
    silent: list[int] = field(default_factory=list)  # new-file lines with V1 sites and no finding
    reasons: dict[str, int] = field(default_factory=dict)  # remaining sites by the finding that names them


def _kind(path: str) -> str:
    return Path(path).suffix or Path(path).name


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
        return True
    except (SyntaxError, ValueError):
        return False


def _run_tool(tree: Path, report: Path, write: bool, tool: list[str]) -> dict:
    args = [*tool, ".", "--format", "json", "--report", str(report), "-q", "--no-diff"]
    if write:
        args.append("--write")
    else:
        args.append("--check")
    proc = subprocess.run(args, cwd=tree, capture_output=True, text=True, timeout=1800)
    if not report.exists():
        raise SystemExit("corpus: the tool wrote no JSON report (exit %d):\n%s" % (proc.returncode, proc.stderr[-2000:]))
    return json.loads(report.read_text())


def _by_path(report: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for f in report.get("findings", []):
        out[f["path"].removeprefix("./")].append(f)
    return out


def _changed_paths(report: dict) -> set[str]:
    return {f["path"].removeprefix("./") for f in report.get("files", []) if f.get("status") == "changed"}


def measure(corpus: Path, tool: list[str]) -> list[FileFigures]:
    work = Path(tempfile.mkdtemp(prefix="triton-migrate-corpus-"))
    try:
        tree = work / "v1"
        shutil.copytree(corpus, tree)
        before = {p.relative_to(tree).as_posix(): p.read_text(errors="replace")
                  for p in sorted(tree.rglob("*")) if p.is_file()}
        first = _run_tool(tree, work / "run1.json", True, tool)
        after = {path: (tree / path).read_text(errors="replace") for path in before}
        second = _run_tool(tree, work / "run2.json", False, tool)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    findings1, findings2 = _by_path(first), _by_path(second)
    changed2 = _changed_paths(second) if "files" in second else None
    figures = []
    for path, old in before.items():
        new = after[path]
        fs = findings1.get(path, [])
        fig = FileFigures(path, _kind(path), len(v1_sites(path, old)), 0)
        fig.sites_after = len(v1_sites(path, new))
        fig.applied = sum(1 for f in fs if f.get("applied"))
        fig.manual = sum(1 for f in fs if not f.get("applied"))
        if path.endswith(".py"):
            fig.parses_before, fig.parses_after = _parses(old), _parses(new)
        manual1 = Counter((f["rule"], f.get("message")) for f in fs if not f.get("applied"))
        manual2 = Counter((f["rule"], f.get("message")) for f in findings2.get(path, []) if not f.get("applied"))
        fig.second_run_same_manual = manual1 == manual2
        if changed2 is not None:
            fig.second_run_changes = path in changed2
        else:
            fig.second_run_changes = any(f.get("applied") for f in findings2.get(path, []))
        named: set[int] = set()
        for f in fs:
            start = f.get("line") or 0
            named.update(range(start, max(f.get("end_line") or 0, start) + 1))
        fig.silent = silent_lines(old, new, named, path)
        fig.reasons = _reasons(old, new, path, fs)
        figures.append(fig)
    return figures


def _reason(finding: dict) -> str:
    """A finding's message as a kind: what keeps the object V1 when it says so, else its first clause."""
    message = finding.get("message") or ""
    why = re.search(r"could not be converted: `([^`]*)`", message)
    if why:  # name the blocking use by its method or attribute, not by the variable
        use = re.sub(r"^[\w.\[\]'\"]*?(?=\.\w+\(?\)?$)", "", why.group(1))
        return "%s: stays V1 because of `%s`" % (finding["rule"], use)
    text = re.sub(r"`[^`]*`", "`…`", message)
    text = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
    return "%s: %s" % (finding["rule"], text[:120])


def _reasons(old: str, new: str, path: str, findings: list[dict]) -> dict[str, int]:
    """Each remaining site of ``new``, counted under the first manual finding on its V1 line(s)."""
    mapping = map_new_to_old(old, new)
    on_line: dict[int, dict] = {}
    for f in sorted(findings, key=lambda f: bool(f.get("applied"))):  # manual first
        start = f.get("line") or 0
        for n in range(start, max(f.get("end_line") or 0, start) + 1):
            on_line.setdefault(n, f)
    out: Counter[str] = Counter()
    for line in v1_sites(path, new):
        lo, hi = mapping.get(line, (line, line))
        found = next((on_line[n] for n in range(lo, hi + 1) if n in on_line), None)
        out[_reason(found) if found else "(no finding)"] += 1
    return dict(out)


def _pct(before: int, after: int) -> str:
    return "%.0f%%" % (100.0 * (before - after) / before) if before else "-"


def render(figures: list[FileFigures], corpus: Path) -> str:
    out = []
    kinds: dict[str, list[FileFigures]] = defaultdict(list)
    for fig in figures:
        if fig.sites_before or fig.sites_after or fig.applied or fig.manual:
            kinds[fig.kind].append(fig)
    out.append(f"Real V1 code: {corpus}")
    out.append("")
    out.append("| type | files | V1 sites before | after | converted | applied | manual | "
               "parse after | 2nd run changes | silent residue lines (files) |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    total = FileFigures("total", "all", 0, 0)
    total_files = silent_files = 0
    for kind, figs in sorted(kinds.items(), key=lambda kv: -sum(f.sites_before for f in kv[1])):
        sb, sa = sum(f.sites_before for f in figs), sum(f.sites_after for f in figs)
        py = [f for f in figs if f.parses_before is not None]
        parse = "%d/%d" % (sum(1 for f in py if f.parses_after), len(py)) if py else "-"
        sil = sum(len(f.silent) for f in figs)
        sil_files = sum(1 for f in figs if f.silent)
        changes = sum(1 for f in figs if f.second_run_changes or not f.second_run_same_manual)
        out.append("| %s | %d | %d | %d | %s | %d | %d | %s | %d | %d (%d) |" % (
            kind, len(figs), sb, sa, _pct(sb, sa), sum(f.applied for f in figs), sum(f.manual for f in figs),
            parse, changes, sil, sil_files))
        total.sites_before += sb
        total.sites_after += sa
        total.applied += sum(f.applied for f in figs)
        total.manual += sum(f.manual for f in figs)
        total_files += len(figs)
        silent_files += sil_files
        total.silent += [0] * sil
    out.append("| **total** | %d | %d | %d | %s | %d | %d | | %d | %d (%d) |" % (
        total_files, total.sites_before, total.sites_after, _pct(total.sites_before, total.sites_after),
        total.applied, total.manual,
        sum(1 for f in figures if f.second_run_changes or not f.second_run_same_manual),
        len(total.silent), silent_files))
    reasons: Counter[str] = Counter()
    for fig in figures:
        if fig.kind == ".py":
            reasons.update(fig.reasons)
    if reasons:
        out.append("")
        out.append("Remaining Python sites by the finding that names them (first manual finding on the line):")
        out.append("")
        for text, count in reasons.most_common(15):
            out.append("  %4d  %s" % (count, text))
    out.append("")
    out.append("Per file (V1 sites before -> after, findings applied/manual, parses, second run, silent lines):")
    out.append("")
    for kind, figs in sorted(kinds.items()):
        out.append(f"{kind}:")
        for f in sorted(figs, key=lambda f: f.path):
            flags = []
            if f.parses_before and not f.parses_after:
                flags.append("NO LONGER PARSES")
            if f.parses_before is False:
                flags.append("did not parse before")
            if f.second_run_changes:
                flags.append("2nd run changes it")
            if not f.second_run_same_manual:
                flags.append("2nd run reports other manual items")
            silent = (f" silent {f.silent[:12]}") if f.silent else ""
            out.append("  %-60s %3d -> %3d  %2d/%-2d%s%s" % (
                f.path, f.sites_before, f.sites_after, f.applied, f.manual,
                (" [" + "; ".join(flags) + "]") if flags else "", silent))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="V1 tree (default: ../shared/corpus/v1)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE ('-': stdout)")
    ap.add_argument("--tool", default=None, help="command that runs triton-migrate (default: this Python -m triton_migrate)")
    ap.add_argument("--tool-args", default="", metavar="ARGS",
                    help="extra options for both runs of the tool, e.g. --tool-args=--drop-v1-only-checks")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"corpus: {corpus} is absent; nothing to measure (skipped)")
        return 0
    tool = args.tool.split() if args.tool else [sys.executable, "-m", "triton_migrate"]
    tool += shlex.split(args.tool_args)
    figures = measure(corpus, tool)
    if args.json == "-":
        print(json.dumps([asdict(f) for f in figures], indent=1))
        return 0
    print(render(figures, corpus))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(f) for f in figures], indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
