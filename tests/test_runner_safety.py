"""The tool never runs the code it scans, and never writes outside the paths it is given."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import run_cli, snapshot


def _marker_code(marker: Path) -> str:
    return f"open({str(marker)!r}, 'w').write('ran')\n"


def test_scanned_code_is_never_executed(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "pyproject.toml").write_text("")
    markers = {name: tmp_path / f"marker_{name}" for name in ("module", "setup", "init", "conftest", "yaml", "notebook", "sitecustomize")}
    (tree / "client.py").write_text("import tensorrtserver.api\n" + _marker_code(markers["module"]))
    (tree / "setup.py").write_text(
        "from setuptools import setup\n" + _marker_code(markers["setup"])
        + "setup(name='x', install_requires=['tensorrtserver==1.11.0'])\n")
    pkg = tree / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from tensorrtserver.api import *\n" + _marker_code(markers["init"]))
    (tree / "conftest.py").write_text("import tensorrtserver\n" + _marker_code(markers["conftest"]))
    (tree / "sitecustomize.py").write_text("import tensorrtserver\n" + _marker_code(markers["sitecustomize"]))
    (tree / "evil.yaml").write_text(
        "image: nvcr.io/nvidia/tensorrtserver:20.02-py3\n"
        f"boom: !!python/object/apply:os.system ['touch {markers['yaml']}']\n"
        "other: !!python/object:builtins.object {}\n")
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": ["import tensorrtserver.api\n", _marker_code(markers["notebook"])]}
    (tree / "nb.ipynb").write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}, indent=1) + "\n")
    # Modules named like the tool's own dependencies: the console script must not import them.
    for shadow in ("yaml", "click", "pathspec", "libcst"):
        markers[shadow] = tmp_path / f"marker_{shadow}"
        (tree / f"{shadow}.py").write_text("import tensorrtserver\n" + _marker_code(markers[shadow]))
    script = Path(sys.executable).with_name("triton-migrate")
    for args in (["--check"], [], ["--write"]):
        if script.exists():
            proc = subprocess.run([str(script), ".", *args, "--format", "json", "-j2"], cwd=tree,
                                  capture_output=True, timeout=600)
        else:
            proc = run_cli(".", *args, "--format", "json", "-j2", cwd=tree)
        assert proc.returncode in (0, 1), proc.stderr
        assert not [m for m in markers.values() if m.exists()], f"code ran during {args}"
    # The YAML tags are kept as text, never constructed.
    assert "!!python/object/apply:os.system" in (tree / "evil.yaml").read_text()


def test_symlinks_inside_the_tree_are_not_followed_for_writing(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.py").write_text("import tensorrtserver.api\n")
    (outside / "victim.sh").write_text("trtserver --model-store=/models\n")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "pyproject.toml").write_text("")
    (tree / "mine.py").write_text("import tensorrtserver.api\n")
    (tree / "linked_dir").symlink_to(outside, target_is_directory=True)
    (tree / "linked.py").symlink_to(outside / "victim.py")
    (tree / "linked.sh").symlink_to(outside / "victim.sh")
    before = snapshot(outside)
    proc = run_cli(".", "--write", "--format", "json", cwd=tree)
    assert proc.returncode in (0, 1), proc.stderr
    assert snapshot(outside) == before
    assert (tree / "linked.py").is_symlink() and (tree / "linked_dir").is_symlink()
    assert (tree / "mine.py").read_text() != "import tensorrtserver.api\n"
    report = json.loads(proc.stdout)
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert statuses.get("linked.py") == "skipped"


def test_dotdot_paths_only_touch_what_they_name(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "client.py").write_text("import tensorrtserver.api\n")
    before = snapshot(tmp_path)
    proc = run_cli("../b", "--write", cwd=tmp_path / "a")
    assert proc.returncode in (0, 1), proc.stderr
    after = snapshot(tmp_path)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"b/client.py"}
    # A path that climbs out and back in names the same folder, nothing more.
    before = after
    proc = run_cli("../c/../c", "--write", cwd=tmp_path / "a")
    assert proc.returncode in (0, 1), proc.stderr
    after = snapshot(tmp_path)
    assert {name for name in after if after[name] != before.get(name)} == {"c/client.py"}
    # No temporary files anywhere.
    assert not [p for p in tmp_path.rglob("*.triton-migrate.tmp")]
