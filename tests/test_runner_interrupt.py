"""SIGKILL during --write: every file is its old bytes or its complete new bytes; the next run cleans up."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import run_cli

FILES = 1000
SOURCES = {
    "py": b"import tritonhttpclient\nimport tritongrpcclient as g\n\nclient = tritonhttpclient.InferenceServerClient('localhost:8000')\n",
    "sh": b"#!/bin/sh\ntrtserver --model-store=/models\n",
    "yaml": b"image: nvcr.io/nvidia/tensorrtserver:20.02-py3\n",
}


@pytest.mark.slow
def test_sigkill_never_leaves_a_half_written_file(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "pyproject.toml").write_text("")
    originals: dict[str, bytes] = {}
    kinds = list(SOURCES)
    for index in range(FILES):
        kind = kinds[index % len(kinds)]
        name = f"d{index // 100}/f{index:04d}.{kind}"
        (tree / name).parent.mkdir(exist_ok=True)
        data = SOURCES[kind] + f"# file {index}\n".encode()
        (tree / name).write_bytes(data)
        originals[name] = data
    # The complete new content of each file, from a dry run on a copy of the inputs.
    reference = tmp_path / "reference"
    subprocess.run(["cp", "-a", str(tree), str(reference)], check=True)
    assert run_cli(".", "--write", "-q", cwd=reference).returncode == 1
    expected = {name: (reference / name).read_bytes() for name in originals}
    assert sum(expected[n] != originals[n] for n in originals) == FILES

    rng = random.Random(6)
    env = {**os.environ, "NO_COLOR": "1"}
    for attempt in range(4):
        proc = subprocess.Popen([sys.executable, "-m", "triton_migrate", ".", "--write", "-q", "-j2"],
                                cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=env, start_new_session=True)
        time.sleep(rng.uniform(0.5, 2.5))
        os.killpg(proc.pid, signal.SIGKILL)  # the tool and its workers, at once
        proc.wait()
        for name, data in originals.items():
            now = (tree / name).read_bytes()
            assert now in (data, expected[name]), f"{name} is neither old nor new after kill {attempt}"
    # The next run finishes the job and removes the temporary files the kills left.
    proc = run_cli(".", "--write", "-q", cwd=tree)
    assert proc.returncode in (0, 1), proc.stderr
    assert not list(tree.rglob("*.triton-migrate.tmp"))
    for name in originals:
        assert (tree / name).read_bytes() == expected[name], name
