"""Build the benchmark trees from the interpreter's standard library and the repository's V1 samples.

``clean`` is a copy of every ``.py`` file of the standard library (no
site-packages) plus 20 V1 files; ``v1only`` holds the same 20 V1 files alone;
``dense`` holds 500 Python files that all need migration (about 100,000 lines).
"""
from __future__ import annotations

import shutil
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The 20 V1 files of the clean tree: 12 Python programs and 8 deployment files.
V1_FILES = [
    *sorted((REPO / "tests/e2e/v1_programs").glob("*.py")),
    REPO / "examples/v1-project/client/infer_client.py",
    REPO / "examples/v1-project/client/legacy_2020.py",
    REPO / "examples/v1-project/client/shm_utils.py",
    REPO / "examples/v1-project/Dockerfile.server",
    REPO / "examples/v1-project/deploy/launch_server.sh",
    REPO / "examples/v1-project/deploy/k8s/deployment.yaml",
    REPO / "examples/v1-project/docker-compose.yml",
    REPO / "examples/v1-project/notebooks/explore.ipynb",
    REPO / "fixtures/v1_shared_memory/keywords.input.py",
    REPO / "fixtures/server_flags/docker_run.input.sh",
    REPO / "fixtures/health_endpoints/probes.input.yaml",
]

DENSE_FILES = 500
DENSE_PARTS = 3  # V1 programs concatenated per dense file


def stdlib_dir() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def _v1_name(index: int, source: Path) -> str:
    # One folder per file keeps the name, which picks the carrier (Dockerfile.server).
    return f"{index:02d}/{source.name.replace('.input.', '.')}"


def write_v1(dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for index, source in enumerate(_existing(V1_FILES)):
        target = dest / _v1_name(index, source)
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
        out.append(target)
    return out


def _existing(paths: list[Path]) -> list[Path]:
    found = [p for p in paths if p.is_file()]
    # Fall back on any other Python fixture so the count stays at 20.
    if len(found) < 20:
        extra = [p for p in sorted((REPO / "fixtures").glob("*/*.input.py")) if p not in found]
        found += extra[: 20 - len(found)]
    return found[:20]


def build_clean(dest: Path) -> dict[str, int]:
    """Copy the standard library's .py files (no site-packages) and add the V1 files."""
    if dest.exists():
        shutil.rmtree(dest)
    stdlib = stdlib_dir()
    files = lines = 0
    for source in sorted(stdlib.rglob("*.py")):
        rel = source.relative_to(stdlib)
        if rel.parts[0] == "site-packages" or "__pycache__" in rel.parts:
            continue
        target = dest / "stdlib" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        target.write_bytes(data)
        files += 1
        lines += data.count(b"\n")
    v1 = write_v1(dest / "v1")
    v1_lines = sum(p.read_bytes().count(b"\n") for p in v1)
    return {"clean_files": files, "clean_lines": lines, "v1_files": len(v1), "v1_lines": v1_lines}


def build_v1only(dest: Path) -> dict[str, int]:
    if dest.exists():
        shutil.rmtree(dest)
    v1 = write_v1(dest / "v1")
    return {"files": len(v1), "lines": sum(p.read_bytes().count(b"\n") for p in v1)}


def dense_sources() -> list[str]:
    programs = sorted((REPO / "tests/e2e/v1_programs").glob("*.py"))
    programs += [REPO / "examples/v1-project/client/infer_client.py", REPO / "examples/v1-project/client/shm_utils.py"]
    return [p.read_text(encoding="utf-8") for p in programs if p.is_file()]


def build_dense(dest: Path, count: int = DENSE_FILES) -> dict[str, int]:
    """500 Python files, each a few V1 programs one after the other."""
    if dest.exists():
        shutil.rmtree(dest)
    sources = dense_sources()
    lines = 0
    for index in range(count):
        parts = [sources[(index + k) % len(sources)] for k in range(DENSE_PARTS)]
        text = "\n\n".join(parts)
        folder = dest / f"pkg{index // 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"client_{index:03d}.py").write_text(text, encoding="utf-8")
        lines += text.count("\n")
    return {"files": count, "lines": lines}


if __name__ == "__main__":
    import sys

    base = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/triton-migrate-bench")
    print(build_clean(base / "clean"), build_v1only(base / "v1only"), build_dense(base / "dense"))
