"""Files already on V2 are left alone: no change, no finding, and YAML without V1 needles is never parsed.

The tree under tests/data/v2_era (written for this test: a V2 notebook, V2 shell
scripts with arrays, ``[[ ]]`` and ``$(( ))``, a Helm chart, JSON and Markdown/RST
documents, a Go operator) plus generated CRDs that mention Triton everywhere.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import triton_migrate.carriers.yaml as yaml_carrier
from triton_migrate.engine import migrate_bytes
from triton_migrate.settings import Settings
from triton_migrate.versions import Version

ROOT = Path(__file__).resolve().parent.parent
TREE = Path(__file__).resolve().parent / "data" / "v2_era"
SETTINGS = Settings(target_version=Version("2.51"))


def _bench_trees():
    spec = importlib.util.spec_from_file_location("k8s_trees", ROOT / "bench" / "k8s_trees.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def ruamel_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the texts ruamel composes."""
    calls: list[int] = []
    real = yaml_carrier._ruamel_load

    def counting(masked: str):
        calls.append(len(masked.lstrip("\n")))
        return real(masked)

    monkeypatch.setattr(yaml_carrier, "_ruamel_load", counting)
    return calls


def test_v2_tree_no_change_no_finding(tmp_path: Path, ruamel_calls: list[int]) -> None:
    trees = _bench_trees()
    files = sorted(p for p in TREE.rglob("*") if p.is_file())
    assert len(files) >= 9
    crd = tmp_path / "crd.yaml"
    crd.write_text(trees.crd(200_000))
    for path in [*files, crd]:
        rel = path.relative_to(TREE).as_posix() if path.is_relative_to(TREE) else path.name
        outcome = migrate_bytes(path.read_bytes(), rel, SETTINGS)
        assert outcome.result.status == "unchanged", (rel, outcome.result.reason)
        assert outcome.result.findings == [], (rel, outcome.result.findings)
    assert ruamel_calls == [], "a YAML file without V1 usage was parsed"


def test_large_yaml_composes_only_the_document_with_a_needle(ruamel_calls: list[int]) -> None:
    text = _bench_trees().v1_image_yaml(300_000)
    outcome = migrate_bytes(text.encode(), "all.yaml", SETTINGS)
    assert outcome.result.status == "changed"
    assert b"nvcr.io/nvidia/tritonserver:24.10-py3" in outcome.new_bytes
    # The image rule is name-level: nothing needs composing; libyaml checks the edited document.
    assert all(size < 1000 for size in ruamel_calls), ruamel_calls


def test_command_rules_share_one_parse(ruamel_calls: list[int]) -> None:
    filler = "".join(f"---\nkind: ConfigMap\nmetadata: {{name: c{k}}}\n" for k in range(200))
    v1 = "---\nkind: Pod\nspec:\n  containers:\n  - name: s\n    command: [/bin/sh, -c, 'echo hi']\n" \
         "    livenessProbe: {httpGet: {path: /v2/health/live, port: 8005}}\n    args: [--http-health-port=8005]\n"
    outcome = migrate_bytes((filler + v1).encode(), "pod.yaml", SETTINGS)
    assert outcome.result.status == "unchanged"
    assert len(ruamel_calls) == 1 and ruamel_calls[0] < 400, ruamel_calls
