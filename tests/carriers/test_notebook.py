"""Notebook carrier: only changed source strings are rewritten; outputs untouched."""
from __future__ import annotations

import json

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version


def notebook(*cells: dict, indent: int = 1) -> str:
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 4},
                      indent=indent, ensure_ascii=False) + "\n"


def code(source: list[str] | str, outputs: list | None = None) -> dict:
    return {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": outputs or [], "source": source}


def migrate(text: str) -> tuple[str, list]:
    result = migrate_text(text, "nb.ipynb", Settings(target_version=Version("2.51")))
    assert result.status != "error", result.reason
    return (result.new if result.new is not None else text), result.findings


OUTPUT = {"name": "stdout", "output_type": "stream", "text": ["trtserver --model-store=/m\n", "/api/health/ready\n"]}


def test_outputs_and_layout_untouched() -> None:
    text = notebook(code(["x = 1\n", "!trtserver --model-store=/m\n"], [OUTPUT]),
                    {"cell_type": "markdown", "metadata": {}, "source": ["trtserver /api/health/ready"]})
    new, _ = migrate(text)
    data = json.loads(new)
    assert data["cells"][0]["outputs"] == [OUTPUT]
    assert data["cells"][1]["source"] == ["trtserver /api/health/ready"]
    assert data["cells"][0]["source"][1].startswith("!tritonserver ")
    # Only the changed line differs.
    diff = [(a, b) for a, b in zip(text.splitlines(), new.splitlines()) if a != b]
    assert len(diff) == 1 and len(text.splitlines()) == len(new.splitlines())


def test_other_indent_and_string_source() -> None:
    text = notebook(code("%%bash\ncurl localhost:8000/api/health/live\n"), indent=2)
    new, _ = migrate(text)
    assert json.loads(new)["cells"][0]["source"] == "%%bash\ncurl localhost:8000/v2/health/live\n"
    assert new.replace("/v2/health/live", "/api/health/live") == text


def test_findings_point_at_notebook_lines() -> None:
    text = notebook(code(["import os\n", "\n", "print(os.environ['TENSORRT_SERVER_VERSION'])\n"]))
    new, findings = migrate(text)
    line = next(i for i, l in enumerate(new.splitlines(), 1) if "TRITON_SERVER_VERSION" in l)
    assert [f.line for f in findings] == [line]


def test_cell_that_is_not_python_still_gets_shell_lines() -> None:
    text = notebook(code(["print 'py2'\n", "!trtserver --model-store=/m\n"]))
    new, _ = migrate(text)
    assert "!tritonserver" in new and "print 'py2'" in new


def test_suppression_inside_a_cell() -> None:
    text = notebook(code(["# triton-migrate: ignore\n", "!trtserver --model-store=/m\n"]))
    new, findings = migrate(text)
    assert new == text and findings == []


def test_line_count_change_keeps_item_layout() -> None:
    text = notebook(code(["%%bash\n", "trtserver --model-repository=/m \\\n", "  --api-version=1\n", "echo done\n"]))
    new, _ = migrate(text)
    assert json.loads(new)["cells"][0]["source"] == [
        "%%bash\n",
        "tritonserver --model-control-mode=poll --disable-auto-complete-config --model-repository=/m\n",
        "echo done\n"]


def test_invalid_json_is_skipped() -> None:
    result = migrate_text('{"cells": [trtserver', "nb.ipynb", Settings())
    assert result.status == "skipped"
