"""Large YAML documents are read locally (``_Outline``): the subtrees around the
needles are composed and syntax-checked, not the whole document.  These tests
run the local path on every YAML fixture (by lowering the size threshold) and
on large documents we build, and compare it with reading documents whole."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

import triton_migrate.carriers.yaml as yaml_carrier
from fixture_cases import discover_cases
from triton_migrate.carriers.yaml import _Outline
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version

SETTINGS = Settings(target_version=Version("2.51"))
YAML_CASES = [c for c in discover_cases() if c.logical.endswith((".yaml", ".yml"))]


@contextmanager
def local(above: int, region: int) -> Iterator[None]:
    saved = yaml_carrier.LOCAL_ABOVE, yaml_carrier.REGION_UP_TO
    yaml_carrier.LOCAL_ABOVE, yaml_carrier.REGION_UP_TO = above, region
    try:
        yield
    finally:
        yaml_carrier.LOCAL_ABOVE, yaml_carrier.REGION_UP_TO = saved


def outcome(text: str, path: str, settings: Settings = SETTINGS) -> tuple[str, str | None, list[tuple]]:
    result = migrate_text(text, path, settings)
    findings = [(f.rule, f.line, f.column, f.applied, f.message) for f in result.findings]
    return result.status, result.new, findings


def whole(text: str, path: str, settings: Settings = SETTINGS) -> tuple[str, str | None, list[tuple]]:
    with local(10**12, 0):
        return outcome(text, path, settings)


@pytest.mark.parametrize("region", [0, 64 * 1024])
@pytest.mark.parametrize("case", YAML_CASES, ids=lambda c: c.id)
def test_every_yaml_fixture_reads_the_same_locally(case, region: int) -> None:
    text = case.input.read_text()
    expected = whole(text, case.logical, case.settings())
    with local(0, region):
        assert outcome(text, case.logical, case.settings()) == expected


def crd(fields: int) -> str:
    """A CRD-sized document: thousands of schema fields, every one mentioning Triton."""
    head = ("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  versions:\n"
            "  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n")
    field = ("          field{k:05d}:\n            description: |\n              Settings of tritonserver shard {k}.\n"
             "              port: 8000\n            type: object\n            properties:\n"
             "              image: {{type: string, default: nvcr.io/nvidia/tritonserver:24.10-py3}}\n")
    return head + "".join(field.format(k=k) for k in range(fields))


DEPLOYMENT = """\
  template:
    spec:
      containers:
      - name: server
        image: nvcr.io/nvidia/tensorrtserver:19.10-py3
        command: ["/opt/tensorrtserver/bin/trtserver", "--model-store=/models"]
        ports:
        - {name: http, containerPort: 8000}
        readinessProbe:
          httpGet: {path: /api/health/ready, port: 8001}
"""


@pytest.mark.parametrize("where", ["head", "middle", "tail"])
def test_a_large_document_migrates_as_when_read_whole(where: str) -> None:
    schema = crd(600)
    nested = DEPLOYMENT.replace("\n  ", "\n    ").replace("  template", "    template", 1)
    big = {"head": schema.replace("spec:\n", "spec:\n  deployment:\n" + nested, 1),
           "middle": schema.replace(
               "          field00300:\n",
               "          field00300:\n            x-deployment:\n"
               + DEPLOYMENT.replace("\n  ", "\n              ").replace("  template", "              template", 1), 1),
           "tail": schema + "  deployment:\n" + nested}[where]
    assert len(big) > yaml_carrier.LOCAL_ABOVE
    status, new, findings = outcome(big, "crd.yaml")
    assert status == "changed" and new is not None
    assert (status, new, findings) == whole(big, "crd.yaml")
    assert "tensorrtserver" not in new and "trtserver" not in new
    assert "--model-repository=/models" in new and "/v2/health/ready" in new
    assert any("not the HTTP port" in f[-1] for f in findings)  # the probe's container was read


def test_block_scalar_content_is_text_not_nodes() -> None:
    """A ConfigMap holding a YAML file: the lines inside the block scalar are a
    string, so no command hook reads them, locally as whole."""
    filler = "".join(f"  key{k:05d}: value {k} of the settings of the model repository\n" for k in range(2000))
    text = ("apiVersion: v1\nkind: ConfigMap\ndata:\n" + filler + "  pod.yaml: |\n    containers:\n"
            "    - name: s\n      command: [trtserver, --model-store=/m]\n" + filler.replace("key", "more"))
    assert len(text) > yaml_carrier.LOCAL_ABOVE
    assert outcome(text, "cm.yaml") == whole(text, "cm.yaml")


def test_alias_to_an_anchor_outside_the_subtree_falls_back_to_the_whole_document() -> None:
    filler = "".join(f"    f{k:05d}: some value that takes room in the document {k}\n" for k in range(2000))
    text = ("defaults: &args [--model-store=/m, --strict-model-config=false]\nspec:\n  filler:\n" + filler
            + "  containers:\n  - name: s\n    command: [trtserver]\n    args: *args\n")
    assert len(text) > yaml_carrier.LOCAL_ABOVE
    assert outcome(text, "alias.yaml") == whole(text, "alias.yaml")


def test_a_broken_edit_is_still_caught_in_a_large_document() -> None:
    """The syntax check of the written subtree is real: a large document whose V1 line
    sits in a subtree that does not parse is reported, byte-identical."""
    filler = "".join(f"    f{k:05d}: some value that takes room in the document {k}\n" for k in range(2000))
    text = ("spec:\n  filler:\n" + filler + "  containers:\n  - name: s\n"
            "    image: nvcr.io/nvidia/tensorrtserver:19.10-py3\n    bad: [unclosed\n")
    result = migrate_text(text, "broken.yaml", SETTINGS)
    assert result.status == "skipped" and result.new is None
    assert result.findings[0].rule == "unparsable_file"


@pytest.mark.parametrize("text", [
    "[a, b,\nc: d]\n",                       # a flow collection at the root
    "--- |\n  trtserver: x\n",                # a block scalar at the root
    "? complex\n: key\n  trtserver: x\n",     # a complex key
    "a:\n\tb: trtserver\n",                   # a tab
])
def test_what_the_outline_cannot_prove_is_not_read_locally(text: str) -> None:
    outline = _Outline(text, 0, len(text))
    at = text.index("trtserver") if "trtserver" in text else len(text) - 2
    assert outline.node_region(at) is None or not outline.top_is_block


def test_outline_finds_the_mapping_that_holds_a_needle() -> None:
    text = ("spec:\n  containers:\n  - name: a\n    command:\n    - trtserver\n    - --model-store=/m\n"
            "  - name: b\n    args: [\"x\",\n      \"trtserver\"]\n    run: |\n      trtserver --model-store=/x\n"
            "      foo: bar\n")
    outline = _Outline(text, 0, len(text))
    with local(0, 0):
        for needle, owner in [("- trtserver", "  - name: a"), ("--model-store=/m", "  - name: a"),
                              ('"trtserver"', "  - name: b"), ("trtserver --model", "  - name: b"),
                              ("foo: bar", "  - name: b")]:
            start, end = outline.node_region(text.index(needle))
            assert text[start:].startswith(owner + "\n"), needle
            assert text.index(needle) < end


FILLER = "".join(f"    f{k:05d}: a value that takes room in the document, number {k}\n" for k in range(1200))

SHAPES = {
    "plain scalar continued": "spec:\n  filler:\n" + FILLER + "  note: the image is\n    nvcr.io/nvidia/tensorrtserver:19.10-py3 here\n",
    "double-quoted over lines": "spec:\n  filler:\n" + FILLER + "  note: \"run\n    trtserver --model-store=/m\n    now\"\n",
    "flow mapping over lines": "spec:\n  filler:\n" + FILLER + "  c: {command: [trtserver,\n      --model-store=/m], name: s}\n",
    "nested sequences": "spec:\n  filler:\n" + FILLER + "  lists:\n  - - name: s\n      command: [trtserver, --model-store=/m]\n",
    "anchor on an ancestor": "spec:\n  filler:\n" + FILLER + "  base: &base\n    command: [trtserver, --model-store=/m]\n  other: *base\n",
    "comment at column 0 inside": "spec:\n  filler:\n" + FILLER + "  containers:\n  - name: s\n# trtserver was here\n    command: [trtserver, --model-store=/m]\n",
    "crlf": ("spec:\n  filler:\n" + FILLER + "  containers:\n  - name: s\n    command: [trtserver, --model-store=/m]\n").replace("\n", "\r\n"),
    "document markers": "---\nkind: A\n---\nspec:\n  filler:\n" + FILLER + "  containers:\n  - command: [trtserver]\n...\n---\nb: 1\n",
    "helm template": "spec:\n  filler:\n" + FILLER + "  containers:\n  - name: {{ .Values.name }}\n    image: \"{{ .Values.registry }}/nvidia/tensorrtserver:19.10-py3\"\n{{- if .Values.x }}\n    command: [trtserver, --model-store=/m]\n{{- end }}\n",
    "literal block script": "spec:\n  filler:\n" + FILLER + "  steps:\n  - run: |\n      echo start\n      trtserver --model-store=/m &\n",
    "explicit indentation": "spec:\n  filler:\n" + FILLER + "  s: |2\n      trtserver --model-store=/m\n  command: [trtserver]\n",
}


@pytest.mark.parametrize("region", [0, 64 * 1024])
@pytest.mark.parametrize("name", list(SHAPES))
def test_shapes_the_outline_must_read_right(name: str, region: int) -> None:
    text = SHAPES[name]
    assert len(text) > 64 * 1024
    with local(64 * 1024, region):
        assert outcome(text, "big.yaml") == whole(text, "big.yaml")
