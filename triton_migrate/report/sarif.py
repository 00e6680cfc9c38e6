"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""
from __future__ import annotations

import json
from typing import Any

from triton_migrate.findings import docs_url
from triton_migrate.report import Report
from triton_migrate.rules import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_DEFAULT_LEVEL = {"safe": "note", "review": "warning", "report-only": "warning"}


def render_sarif(report: Report) -> str:
    rules = all_rules()
    index = {rule.id: i for i, rule in enumerate(rules)}
    driver_rules = [
        {
            "id": rule.id,
            "name": "".join(part.capitalize() for part in rule.id.split("_")),
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc.split("\n\n", 1)[0] if rule.doc else rule.summary},
            "helpUri": docs_url(rule.id),
            "help": {"text": rule.doc or rule.summary, "markdown": rule.doc or rule.summary},
            "defaultConfiguration": {"level": _DEFAULT_LEVEL[rule.fix]},
            "properties": {"fix": rule.fix, "carriers": list(rule.carriers)},
        }
        for rule in rules
    ]
    results: list[dict[str, Any]] = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _LEVEL[f.severity],
            "kind": "informational" if f.applied else "fail",
            "message": {"text": f.message + (f" V2: {f.replacement}" if f.replacement and not f.applied else "")},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": max(f.line, 1),
                        "startColumn": f.column + 1,
                        "endLine": max(f.end_line, f.line, 1),
                        "endColumn": max(f.end_column + 1, 1),
                    },
                }
            }],
            "properties": {"applied": f.applied, "replacement": f.replacement},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        results.append(result)
    notifications = [
        {
            "level": "error" if r.status == "error" else "warning",
            "message": {"text": f"{r.path}: {r.status}: {r.reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path, "uriBaseId": "%SRCROOT%"}}}],
        }
        for r in report.files if r.status in ("skipped", "error")
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": report.tool["name"],
                "version": report.tool["version"],
                "informationUri": "https://github.com/triton-migrate/triton-migrate",
                "rules": driver_rules,
            }},
            "invocations": [{"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}],
            "results": results,
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "./"}},
        }],
    }
    from triton_migrate.report.models import sarif_properties  # per-model summary (issue 13)
    if sarif_properties(report):
        log["runs"][0]["properties"] = sarif_properties(report)  # type: ignore[index]
    return json.dumps(log, indent=2) + "\n"
