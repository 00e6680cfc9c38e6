"""Render a report in one of ``FORMATS``; each format is a module of this package.

Apart from the package's ``__init__`` (the data model), so that the model never
imports the renderers that import it.
"""
from __future__ import annotations

from triton_migrate.report import Report


def render(report: Report, fmt: str, *, color: bool = False) -> str:
    if fmt == "text":
        from triton_migrate.report.text import render_text
        return render_text(report, color=color)
    if fmt == "json":
        from triton_migrate.report.json import render_json
        return render_json(report)
    if fmt == "sarif":
        from triton_migrate.report.sarif import render_sarif
        return render_sarif(report)
    if fmt == "markdown":
        from triton_migrate.report.markdown import render_markdown
        return render_markdown(report)
    if fmt == "github":
        from triton_migrate.report.github import render_github
        return render_github(report)
    raise ValueError(f"unknown format {fmt!r}")
