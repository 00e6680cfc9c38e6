"""Compile protos/v1/*.proto into the triton_migrate.protos_v1 package.

Usage: python scripts/compile_protos.py [--out DIR] [--check]

Runs grpcio-tools' protoc, then edits the output so that it works as a
subpackage and with any protobuf runtime from 4.21 on:

* ``import X_pb2`` becomes ``from triton_migrate.protos_v1 import X_pb2``;
* the protobuf runtime version check (``ValidateProtobufRuntimeVersion``, which
  would demand a runtime at least as new as the protoc that generated the code)
  is removed;
* the descriptors go into ``triton_migrate.protos_v1.POOL`` instead of the
  default pool, because tritonclient registers V2 files under the same names
  (``grpc_service.proto``, ``model_config.proto``) in the default pool;
* messages get their real module name (``__module__``).

Every edit must match exactly once; a protoc that writes something else makes
the script fail instead of producing half-edited modules.
"""
from __future__ import annotations

import argparse
import filecmp
import re
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "protos" / "v1"
PACKAGE = "triton_migrate.protos_v1"
OUT_DIR = ROOT / "triton_migrate" / "protos_v1"
SERVICE_PROTO = "grpc_service.proto"

INIT_TEMPLATE = '''\
"""V1 gRPC protocol modules (package nvidia.inferenceserver, tensorrtserver 1.11.0).

Generated from protos/v1 by scripts/compile_protos.py; do not edit.
"""
from __future__ import annotations

from google.protobuf import descriptor_pool

# The grpcio-tools release that generated these modules.
GRPCIO_TOOLS_VERSION = "{version}"

# The V1 files are named like tritonclient's V2 files (grpc_service.proto,
# model_config.proto) and the default pool refuses a second file of the same
# name, so the V1 descriptors live in a pool of their own.
POOL = descriptor_pool.DescriptorPool()
'''

_RUNTIME_IMPORT = "from google.protobuf import runtime_version as _runtime_version\n"
_RUNTIME_CHECK = re.compile(
    r"_runtime_version\.ValidateProtobufRuntimeVersion\(\n(?:    .*\n)*?\)\n"
)
_DEFAULT_POOL = "DESCRIPTOR = _descriptor_pool.Default().AddSerializedFile("
_OWN_POOL = "DESCRIPTOR = _POOL.AddSerializedFile("
_IMPORTS_END = "# @@protoc_insertion_point(imports)\n"
_LOCAL_IMPORT = re.compile(r"^import (\w+_pb2) as (\w+)$", re.MULTILINE)


def grpcio_tools_version() -> str:
    return metadata.version("grpcio-tools")


def _replace_once(text: str, old: str, new: str, name: str) -> str:
    if text.count(old) != 1:
        raise RuntimeError(f"{name}: expected exactly one {old!r} in the protoc output")
    return text.replace(old, new)


def _fix_imports(text: str) -> str:
    return _LOCAL_IMPORT.sub(rf"from {PACKAGE} import \1 as \2", text)


def _fix_pb2(text: str, name: str) -> str:
    module = name[: -len(".py")]
    text = _replace_once(text, _RUNTIME_IMPORT, "", name)
    text, count = _RUNTIME_CHECK.subn("", text)
    if count != 1:
        raise RuntimeError(f"{name}: expected one ValidateProtobufRuntimeVersion call")
    text = _replace_once(
        text, _IMPORTS_END, f"from {PACKAGE} import POOL as _POOL\n{_IMPORTS_END}", name
    )
    text = _replace_once(text, _DEFAULT_POOL, _OWN_POOL, name)
    text = _replace_once(
        text,
        f"BuildTopDescriptorsAndMessages(DESCRIPTOR, '{module}', _globals)",
        f"BuildTopDescriptorsAndMessages(DESCRIPTOR, '{PACKAGE}.{module}', _globals)",
        name,
    )
    return _fix_imports(text)


def _protoc(args: list[str]) -> None:
    from grpc_tools import protoc

    code = protoc.main(["grpc_tools.protoc", *args])
    if code != 0:
        raise RuntimeError(f"protoc failed with exit code {code}: {' '.join(args)}")


def _generated(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return [p for p in directory.iterdir() if p.is_file() and p.suffix in {".py", ".pyi"}]


def compile_protos(out_dir: Path) -> list[Path]:
    """Write the package into ``out_dir`` (replacing generated files) and list them."""
    protos = sorted(str(p) for p in PROTO_DIR.glob("*.proto"))
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp)
        _protoc([f"-I{PROTO_DIR}", f"--python_out={raw}", f"--pyi_out={raw}", *protos])
        _protoc([f"-I{PROTO_DIR}", f"--grpc_python_out={raw}", str(PROTO_DIR / SERVICE_PROTO)])
        outputs: dict[str, str] = {}
        for path in sorted(raw.iterdir()):
            text = path.read_text(encoding="utf-8")
            if path.name.endswith("_pb2.py"):
                text = _fix_pb2(text, path.name)
            else:
                text = _fix_imports(text)
            outputs[path.name] = text
    outputs["__init__.py"] = INIT_TEMPLATE.format(version=grpcio_tools_version())

    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in _generated(out_dir):
        if stale.name not in outputs:
            stale.unlink()
    written = []
    for name, text in sorted(outputs.items()):
        target = out_dir / name
        target.write_bytes(text.encode("utf-8"))
        written.append(target)
    return written


def stale_files(committed: Path) -> list[str]:
    """Names of files in ``committed`` that a fresh compile would change, add or drop."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        compile_protos(fresh)
        wanted = {p.name for p in fresh.iterdir()}
        present = {p.name for p in _generated(committed)}
        changed = [
            name for name in sorted(wanted & present)
            if not filecmp.cmp(fresh / name, committed / name, shallow=False)
        ]
        return sorted(set(changed) | (wanted ^ present))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output package directory")
    parser.add_argument(
        "--check", action="store_true", help="only report whether --out is up to date"
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.out)
        for name in stale:
            print(f"stale: {args.out / name}", file=sys.stderr)
        return 1 if stale else 0
    for path in compile_protos(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
