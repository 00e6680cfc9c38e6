"""Generate docs/rules.md and docs/rules/<rule>.md from the rule registry.

Each page is the rule's own docstring plus its first fixture pair, so the
docs cannot drift from the code: ``python scripts/gen_rule_docs.py --check``
(run by tests/test_docs.py) exits 1 when a page is stale or missing.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixture_cases import discover_cases  # noqa: E402

from triton_migrate.rules import ENGINE_RULES, Rule, all_rules  # noqa: E402

DOCS = ROOT / "docs"
RULES_DIR = DOCS / "rules"
FIX_TEXT = {
    "safe": "safe: rewritten automatically; the rewrite keeps behaviour",
    "review": "review: rewritten automatically; read the diff, behaviour may need a look",
    "report-only": "report-only: never edits; each finding says what to do",
}
LANG = {"py": "python", "sh": "sh", "bash": "sh", "yaml": "yaml", "yml": "yaml", "ipynb": "json",
        "Dockerfile": "dockerfile", "txt": "text", "pbtxt": "protobuf", "cc": "cpp", "h": "cpp", "toml": "toml"}
MAX_EXAMPLE_LINES = 40


def _lang(path: Path) -> str:
    name = path.name.split(".input.", 1)[-1].split(".expected.", 1)[-1]
    return LANG.get(name.rsplit(".", 1)[-1], LANG.get(name, ""))


def _block(path: Path) -> str:
    text = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    lines = text.splitlines()
    if len(lines) > MAX_EXAMPLE_LINES:
        lines = lines[:MAX_EXAMPLE_LINES] + ["..."]
    return f"```{_lang(path)}\n" + "\n".join(lines) + "\n```\n"


def rule_page(rule: Rule) -> str:
    out = [f"# `{rule.id}`", "", f"{rule.summary}", "",
           "| | |", "|---|---|",
           f"| carriers | {', '.join(rule.carriers)} |",
           f"| fix | {FIX_TEXT[rule.fix]} |",
           f"| select / ignore | `--select {rule.id}` / `--ignore {rule.id}` |",
           f"| suppress one line | `# triton-migrate: ignore[{rule.id}]` |",
           ""]
    doc = rule.doc.strip()
    if doc:
        # The docstring's first line is its title; the summary already says it.
        body = doc.split("\n", 1)[1].strip() if "\n" in doc else ""
        if body:
            out += [body, ""]
    cases = [c for c in discover_cases() if c.rule == rule.id]
    pair = next((c for c in cases if c.expected is not None), None)
    if pair is not None:
        out += [f"## From the fixtures: `{pair.name}`", "", "Before:", "", _block(pair.input),
                "After:", "", _block(pair.expected)]  # type: ignore[arg-type]
    elif cases:
        out += [f"## From the fixtures: `{cases[0].name}` (reported, not changed)", "", _block(cases[0].input)]
    if cases:
        out += [f"All cases: `fixtures/{rule.id}/` ({len(cases)} file{'s' if len(cases) != 1 else ''}).", ""]
    return "\n".join(out).rstrip() + "\n"


def index_page(rules: tuple[Rule, ...]) -> str:
    engine = {r.id for r in ENGINE_RULES}
    out = ["# Rules", "",
           "Every rule the tool knows, generated from the rule registry (`triton-migrate rules`).",
           "**safe** rules rewrite automatically; **review** rules rewrite and ask you to read the diff;",
           "**report-only** rules never edit and tell you what to do instead.", "",
           "| Rule | Carriers | Fix | Summary |", "|---|---|---|---|"]
    for rule in rules:
        if rule.id not in engine:
            out.append(f"| [`{rule.id}`](rules/{rule.id}.md) | {', '.join(rule.carriers)} | {rule.fix} | {rule.summary} |")
    out += ["", "## Engine-level findings", "",
            "These come from the engine, not from a codemod: a file that may hold V1 usages but could not be processed, or (with `--strict`) a model that does not load.", "",
            "| Rule | Summary |", "|---|---|"]
    for rule in rules:
        if rule.id in engine:
            out.append(f"| [`{rule.id}`](rules/{rule.id}.md) | {rule.summary} |")
    return "\n".join(out) + "\n"


def expected_files() -> dict[Path, str]:
    rules = all_rules()
    files = {DOCS / "rules.md": index_page(rules)}
    for rule in rules:
        files[RULES_DIR / f"{rule.id}.md"] = rule_page(rule)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when a page is stale")
    args = parser.parse_args()
    files = expected_files()
    stale = [p for p, text in files.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    extra = [p for p in RULES_DIR.glob("*.md") if p not in files] if RULES_DIR.is_dir() else []
    if args.check:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}")
        for path in extra:
            print(f"no such rule: {path.relative_to(ROOT)}")
        return 1 if stale or extra else 0
    RULES_DIR.mkdir(parents=True, exist_ok=True)
    for path in stale:
        path.write_text(files[path], encoding="utf-8")
    for path in extra:
        path.unlink()
    print(f"{len(stale)} page(s) written, {len(extra)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
