"""Every .py file of the installed site-packages: no crash, nothing written by a dry run,
unparsable files reported, and --write on a copied sample changes only the files it reports."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from helpers import snapshot

SITE = Path(sysconfig.get_paths()["purelib"])
SAMPLE = 2000


def _tool(args: list[str], cwd: Path) -> dict:
    proc = subprocess.run([sys.executable, "-m", "triton_migrate", *args, "--format", "json", "-j2", "-q"],
                          cwd=cwd, capture_output=True, timeout=1800)
    assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_dry_run_over_site_packages(tmp_path: Path) -> None:
    files = sorted(SITE.rglob("*.py"))
    assert len(files) > 1000
    # A file list, not the folder: site-packages is a default-skipped folder name.
    listing = [str(p) for p in files if not p.is_symlink()]
    mtimes = {p: p.stat().st_mtime_ns for p in files[:: max(1, len(files) // 500)]}
    report = _tool(["--check", *listing], tmp_path) if len(listing) < 20000 else _tool(["--check", str(SITE)], tmp_path)
    statuses = {f["path"]: f for f in report["files"]}
    assert not [f for f in report["files"] if f["status"] == "error"], [f for f in report["files"] if f["status"] == "error"][:5]
    skipped = [f for f in report["files"] if f["status"] == "skipped"]
    reported = {f["path"] for f in report["findings"] if f["rule"] in ("unparsable_file", "undecodable_file", "binary_file")}
    assert all(f["path"] in reported or "larger than" in (f["reason"] or "") for f in skipped)
    assert all(p.stat().st_mtime_ns == m for p, m in mtimes.items()), "a dry run wrote a file"
    assert statuses


@pytest.mark.slow
def test_write_on_a_copied_sample(tmp_path: Path) -> None:
    files = [p for p in sorted(SITE.rglob("*.py")) if not p.is_symlink()]
    sample = random.Random(6).sample(files, min(SAMPLE, len(files)))
    tree = tmp_path / "tree"
    for index, path in enumerate(sample):
        target = tree / f"{index // 100:03d}" / f"{index:05d}_{path.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (tree / "pyproject.toml").write_text("")
    before = snapshot(tree)
    report = _tool(["--write", "."], tree)
    after = snapshot(tree)
    changed = {f["path"] for f in report["files"] if f["status"] == "changed"}
    differ = {name for name in after if after[name] != before.get(name)}
    assert differ == changed, (sorted(differ - changed)[:5], sorted(changed - differ)[:5])
    assert not [f for f in report["files"] if f["status"] == "error"]
    assert not list(tree.rglob("*.triton-migrate.tmp"))
