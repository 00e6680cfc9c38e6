"""reStructuredText carrier: literal blocks and code directives; the V1 corpus pages."""
from __future__ import annotations

import re

import pytest
from helpers import ROOT

from triton_migrate.carriers.rst import blocks
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version

SETTINGS = Settings(target_version=Version("2.51"))
CORPUS = ROOT.parent / "shared" / "corpus" / "v1" / "docs"
# An independent V1 detector (the corpus check's), not the tool's.
V1 = re.compile(
    r"\btensorrtserver\b|(?<![\w/.-])trtserver(?![\w-])|\bInferContext\b|\bServer(?:Health|Status)Context\b|"
    r"\bModel(?:Control|Repository)Context\b|\bSharedMemoryControlContext\b|\bProtocolType\b|\bResultFormat\b|"
    r"\bInferRequestHeader\b|\bGRPCServiceStub\b|/api/(?:health|infer|status|modelcontrol|sharedmemorycontrol)\b|"
    r"TENSORRT_SERVER_|--(?:api-version|http-health-port|allow-poll-model-repository|allow-model-control|"
    r"tf-add-vgpu|tf-gpu-memory-fraction|tf-allow-soft-placement|grpc-infer-thread-count|grpc-stream-infer-thread-count)\b")


def migrate(text: str, path: str = "guide.rst") -> tuple[str, list]:
    result = migrate_text(text, path, SETTINGS)
    assert result.status != "error", result.reason
    return (result.new if result.new is not None else text), result.findings


def test_blocks_literal_and_directives() -> None:
    text = ("Para::\n\n  $ ls\n\n  out\n\nText\n\n.. code-block:: yaml\n   :caption: x\n\n   a: 1\n\n"
            ".. note:: not code::\n\nExpanded form: ::\n\n    x = 1\nafter\n")
    pieces = blocks(text)
    assert [(p.first, p.end, p.carrier, p.prefix) for p in pieces] == [
        (2, 5, "shell", "  "), (11, 12, "yaml", "   "), (17, 18, None, "    ")]


def test_code_block_with_options_and_placeholders() -> None:
    text = (".. code-block:: bash\n   :linenos:\n\n   docker run --rm -p8000:8000 <docker image> trtserver --model-store=/models\n")
    new, findings = migrate(text)
    assert new.endswith("   docker run --rm -p8000:8000 <docker image> tritonserver --model-control-mode=poll "
                        "--disable-auto-complete-config --model-repository=/models\n")
    assert not [f for f in findings if f.rule == "unconverted_v1_names"]


def test_section_adornment_of_colons_is_not_a_block() -> None:
    text = "Title\n::::::\n\n  trtserver is described here, indented prose\n"
    assert blocks(text) == []


def test_root_prompt_literal_block() -> None:
    text = "Copy::\n\n  # cp build/bin/trtserver /opt/tensorrtserver/bin/.\n"
    new, _ = migrate(text)
    assert new == "Copy::\n\n  # cp build/bin/tritonserver /opt/tritonserver/bin/.\n"


def test_directive_without_blank_line_is_not_a_block() -> None:
    text = "Run::\n  trtserver --model-store=/m\n"
    new, findings = migrate(text)
    assert new == text
    assert [f.rule for f in findings] == ["unconverted_v1_names"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared V1 corpus is not present")
def test_corpus_pages_every_v1_line_converted_or_named() -> None:
    pages = sorted(CORPUS.glob("*.rst"))
    assert len(pages) >= 12
    silent = []
    changed = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        result = migrate_text(text, page.name, SETTINGS)
        assert result.status in ("changed", "unchanged"), (page.name, result.reason)
        new = result.new if result.new is not None else text
        changed += new != text
        named: set[int] = set()
        for f in result.findings:
            listed = re.search(r"on lines ([\d, ]+)", f.message) if f.rule == "unconverted_v1_names" else None
            named.update(int(n) for n in listed.group(1).split(", ")) if listed else named.add(f.line)
        old_lines = text.splitlines()
        new_lines = new.splitlines()
        assert len(old_lines) == len(new_lines), page.name  # blocks are edited line for line here
        for number, line in enumerate(new_lines, start=1):
            if V1.search(line) and not line.lstrip().startswith("#") and number not in named:
                silent.append(f"{page.name}:{number}: {line.strip()}")
        again = migrate_text(new, page.name, SETTINGS)
        assert again.new is None or again.new == new, f"{page.name}: a second run changed it"
        assert not any(f.applied for f in again.findings), page.name
    assert not silent, "\n".join(silent)
    assert changed >= 5
