"""Markdown carrier: fenced and indented blocks migrated by their language's carrier; prose reported."""
from __future__ import annotations

from triton_migrate.carriers.markdown import blocks
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version

SETTINGS = Settings(target_version=Version("2.51"))


def migrate(text: str, path: str = "README.md") -> tuple[str, list]:
    result = migrate_text(text, path, SETTINGS)
    assert result.status != "error", result.reason
    new = result.new if result.new is not None else text
    again = migrate_text(new, path, SETTINGS)
    assert again.new is None or again.new == new, "a second run changed the document"
    assert not any(f.applied for f in again.findings)
    return new, result.findings


def test_fence_in_a_list_keeps_its_indentation() -> None:
    text = "1. Run:\n\n   ```sh\n   trtserver --model-store=/m \\\n       --log-verbose=1\n   ```\n"
    new, _ = migrate(text)
    assert new == ("1. Run:\n\n   ```sh\n   tritonserver --model-control-mode=poll --disable-auto-complete-config "
                   "--model-repository=/m \\\n       --log-verbose=1\n   ```\n")


def test_console_output_lines_are_never_edited() -> None:
    text = ("```console\n$ curl localhost:8000/api/health/ready\n"
            "trtserver output: /api/health/ready ok\n$ echo done\n```\n")
    new, findings = migrate(text)
    lines = new.splitlines()
    assert lines[1] == "$ curl localhost:8000/v2/health/ready"
    assert lines[2] == "trtserver output: /api/health/ready ok"  # output, not a command
    residue = [f for f in findings if f.rule == "unconverted_v1_names"]
    assert [f.line for f in residue] == [3]


def test_block_without_v1_usage_is_byte_identical() -> None:
    text = "Prose.\n\n```python\nimport tritonclient.http as httpclient\nc = httpclient.InferenceServerClient('x')\n```\n"
    result = migrate_text(text, "README.md", SETTINGS)
    assert result.status == "unchanged" and result.findings == []


def test_prose_is_reported_once_with_its_lines() -> None:
    text = "Run *trtserver*.\n\nThen poll `/api/status`.\n\n```sh\nls\n```\n\nOld `tensorrtserver` pip package.\n"
    new, findings = migrate(text)
    assert new == text
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.rule, finding.line, finding.end_line) == ("unconverted_v1_names", 1, 9)
    assert "lines 1, 3, 9" in finding.message


def test_python_block_migrated_by_the_python_rules() -> None:
    text = ("```python\nimport tensorrtserver.api as api\n"
            "ctx = api.ServerHealthContext('localhost:8000', api.ProtocolType.HTTP)\nprint(ctx.is_live())\n```\n")
    new, findings = migrate(text)
    assert "import tritonclient.http as httpclient" in new and "is_server_live()" in new
    assert "tensorrtserver" not in new
    assert all(f.line in (2, 3, 4) for f in findings)


def test_python_snippet_that_does_not_parse_is_named() -> None:
    text = "```python\nctx = api.InferContext(url, protocol, model)\n...\nresult = ctx.run(inputs, outputs,\n```\n"
    new, findings = migrate(text)
    assert new == text
    assert [(f.rule, f.line) for f in findings] == [("unconverted_v1_names", 2)]


def test_fence_in_a_block_quote_is_only_reported() -> None:
    text = "> ```sh\n> trtserver --model-store=/m\n> ```\n"
    new, findings = migrate(text)
    assert new == text
    assert [f.rule for f in findings] == ["unconverted_v1_names"]


def test_unclosed_fence_and_crlf() -> None:
    text = "Intro\r\n\r\n```sh\r\ntrtserver --model-store=/m\r\n"
    new, _ = migrate(text)
    assert new == "Intro\r\n\r\n```sh\r\ntritonserver --model-control-mode=poll --disable-auto-complete-config --model-repository=/m\r\n"


def test_indented_code_block_and_yaml_fence() -> None:
    text = ("Example:\n\n    docker pull nvcr.io/nvidia/tensorrtserver:19.10-py3\n\n"
            "```yaml\ncontainers:\n- name: s\n  image: nvcr.io/nvidia/tensorrtserver:19.10-py3\n"
            "  command: [trtserver, --model-store=/m]\n```\n")
    new, _ = migrate(text)
    assert "    docker pull nvcr.io/nvidia/tritonserver:24.10-py3\n" in new
    assert "  command: [tritonserver, --model-control-mode=poll, --disable-auto-complete-config, --model-repository=/m]" in new


def test_blocks_map_to_content_lines() -> None:
    pieces = blocks("# t\n\n```sh\na\nb\n```\n\n~~~\nc\n~~~\n")
    assert [(p.first, p.end, p.carrier) for p in pieces] == [(3, 5, "shell"), (8, 9, None)]


def test_python_session_prompts_follow_the_statements() -> None:
    text = ("```pycon\n>>> import tensorrtserver.api as api\n"
            ">>> ctx = api.ServerHealthContext('localhost:8000', api.ProtocolType.HTTP)\n"
            ">>> ctx.is_ready()\nTrue\n>>> for i in range(2):\n...     print(i)\n...\n0\n1\n```\n")
    new, findings = migrate(text)
    assert new == ("```pycon\n>>> import tritonclient.http as httpclient\n"
                   ">>> ctx = httpclient.InferenceServerClient('localhost:8000')\n"
                   ">>> ctx.is_server_ready()\nTrue\n>>> for i in range(2):\n...     print(i)\n...\n0\n1\n```\n")
    assert sorted({f.line for f in findings}) == [2, 3, 4]


def test_python_session_lines_added_inside_a_statement_get_continuation_prompts() -> None:
    text = ("```python\n>>> import numpy as np\n>>> import tensorrtserver.api as api\n"
            ">>> infer = api.InferContext('localhost:8000', api.ProtocolType.HTTP, 'simple')\n"
            ">>> res = infer.run({'INPUT0': (np.zeros(16, dtype=np.int32),)}, "
            "{'OUTPUT0': api.InferContext.ResultFormat.RAW}, 1)\n```\n")
    new, _ = migrate(text)
    body = new.splitlines()[1:-1]
    assert all(line.startswith((">>> ", "... ")) for line in body), body
    assert ">>> inputs = [" in body and "... ]" in body
    assert not any(line.startswith(">>> ]") for line in body)
