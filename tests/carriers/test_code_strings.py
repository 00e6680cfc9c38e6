"""Go, Java and Jsonnet: string literals reported with their V2 text, comments skipped, nothing edited."""
from __future__ import annotations

from triton_migrate.carriers.cpp import lex_c
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version

SETTINGS = Settings(target_version=Version("2.51"))


def findings(text: str, path: str) -> list[tuple[int, str | None, str | None]]:
    result = migrate_text(text, path, SETTINGS)
    assert result.new is None, "report-only: never edited"
    return [(f.line, f.v1, f.replacement) for f in result.findings]


def test_go_raw_string_url_and_command() -> None:
    text = ('package x\n// "trtserver" in a comment\nvar cmd = []string{"trtserver", "--model-store=/m"}\n'
            'var url = `http://svc:8000/api/infer/resnet50`\n')
    assert findings(text, "x.go") == [
        (3, "trtserver", "tritonserver"), (3, "--model-store=/m", "--model-repository=/m"),
        (4, "/api/infer/resnet50", "/v2/models/resnet50/infer")]


def test_container_named_trtserver_is_not_the_server() -> None:
    assert findings('c := Container{Name: "trtserver", Image: "busybox"}\n', "x.go") == []


def test_java_text_block_and_jsonnet_comments() -> None:
    java = 'class A { String s = """\n  curl localhost:8000/api/status\n  """; }\n'
    assert [f[:2] for f in findings(java, "A.java")] == [(2, "/api/status")]
    jsonnet = "# 'trtserver'\n{ image: 'nvcr.io/nvidia/tensorrtserver:20.02-py3' }\n"
    assert findings(jsonnet, "app.jsonnet") == [
        (2, "nvcr.io/nvidia/tensorrtserver:20.02-py3", "nvcr.io/nvidia/tritonserver:24.10-py3")]


def test_c_lexer_unchanged_for_c() -> None:
    source = lex_c('#include "trtserver.h"\nconst char* s = "x"; // y\n')
    assert [t.value for t in source.includes] == ["trtserver.h"]
    assert [t.value for t in source.strings] == ['"x"']
