"""The JSON report (schema_version 2): a contract other tools read."""
from __future__ import annotations

import json

from triton_migrate.report import SCHEMA_VERSION, Report
from triton_migrate.report.models import json_models


def report_dict(report: Report) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": dict(report.tool),
        "summary": report.summary(),
        "models": json_models(report),  # schema_version 2 (issue 13)
        "files": [
            {"path": f.path, "status": f.status, "reason": f.reason} for f in report.files
        ],
        "findings": [f.to_json() for f in report.findings],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, sort_keys=False) + "\n"
