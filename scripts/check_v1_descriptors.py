"""Compare our V1 descriptors (triton_migrate.protos_v1) with the tensorrtserver 1.11.0 wheel.

Usage: python scripts/check_v1_descriptors.py

The wheel's generated modules cannot be imported here (the package needs
OpenSSL 1.1 and its code targets an old protobuf), so the serialized
FileDescriptorProto is read out of each ``tensorrtserver/api/*_pb2.py`` with
``ast``, without running it. The comparison walks both descriptors field for
field, lists named elements (messages, fields, enums, values, oneofs,
services, methods) by name and also checks their order. Exit status: 0 equal,
1 different, 2 wheel not installed.
"""
from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from importlib import import_module, metadata
from pathlib import Path

from google.protobuf import descriptor_pb2
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

WHEEL = "tensorrtserver"
WHEEL_VERSION = "1.11.0"
FILES = ("api", "grpc_service", "model_config", "request_status", "server_status")
OURS = "triton_migrate.protos_v1"

# json_name is filled in by protoc for descriptor sets but not embedded in
# generated Python, in neither the wheel nor ours; it carries no V1 fact.
IGNORED_FIELDS = frozenset({"json_name", "source_code_info"})


class WheelMissing(Exception):
    """The V1 wheel is not installed (or is another version)."""


def _serialized_descriptor(source: str, path: str) -> bytes:
    """The serialized FileDescriptorProto embedded in a generated ``_pb2.py``."""
    for node in ast.walk(ast.parse(source, path)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "FileDescriptor":  # old protoc: FileDescriptor(serialized_pb=_b('...'))
            for keyword in node.keywords:
                if keyword.arg == "serialized_pb":
                    return _literal_bytes(keyword.value, path)
        if name == "AddSerializedFile" and node.args:  # newer protoc
            return _literal_bytes(node.args[0], path)
    raise ValueError(f"{path}: no serialized FileDescriptorProto found")


def _literal_bytes(node: ast.expr, path: str) -> bytes:
    if isinstance(node, ast.Call) and len(node.args) == 1:  # _b('...'), a latin-1 str
        node = node.args[0]
    value = ast.literal_eval(node)
    if isinstance(value, str):
        return value.encode("latin-1")
    if isinstance(value, bytes):
        return value
    raise ValueError(f"{path}: serialized descriptor is not a literal")


def wheel_descriptors() -> dict[str, descriptor_pb2.FileDescriptorProto]:
    """The V1 file descriptors of the installed wheel, by proto file name."""
    try:
        dist = metadata.distribution(WHEEL)
    except metadata.PackageNotFoundError:
        raise WheelMissing(f"{WHEEL}=={WHEEL_VERSION} is not installed") from None
    if dist.version != WHEEL_VERSION:
        raise WheelMissing(f"{WHEEL} {dist.version} is installed, {WHEEL_VERSION} is needed")
    result = {}
    for name in FILES:
        path = Path(str(dist.locate_file(f"{WHEEL}/api/{name}_pb2.py")))
        if not path.is_file():
            raise WheelMissing(f"{path} is missing from the {WHEEL} installation")
        fdp = descriptor_pb2.FileDescriptorProto.FromString(
            _serialized_descriptor(path.read_text(encoding="utf-8"), str(path))
        )
        result[fdp.name] = fdp
    return result


def our_descriptors() -> dict[str, descriptor_pb2.FileDescriptorProto]:
    """The file descriptors of triton_migrate.protos_v1, by proto file name."""
    result = {}
    for name in FILES:
        module = import_module(f"{OURS}.{name}_pb2")
        fdp = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(fdp)
        result[fdp.name] = fdp
    return result


def _is_repeated(fd: FieldDescriptor) -> bool:
    # protobuf 6 deprecates FieldDescriptor.label in favour of is_repeated,
    # which older runtimes do not have.
    flag = getattr(fd, "is_repeated", None)
    if isinstance(flag, bool):
        return flag
    if callable(flag):
        return bool(flag())
    return bool(fd.label == fd.LABEL_REPEATED)


def _label(element: Message) -> str:
    name = getattr(element, "name", "")
    return name if isinstance(name, str) and name else "?"


def diff_messages(ours: Message, theirs: Message, path: str) -> Iterator[str]:
    """Yield one line per difference between two descriptor protos of the same type."""
    for fd in ours.DESCRIPTOR.fields:
        if fd.name in IGNORED_FIELDS:
            continue
        here = f"{path}.{fd.name}" if path else fd.name
        a, b = getattr(ours, fd.name), getattr(theirs, fd.name)
        if _is_repeated(fd):
            if fd.message_type is not None:
                yield from _diff_repeated_messages(list(a), list(b), here)
            elif list(a) != list(b):
                yield f"{here}: ours {list(a)!r}, wheel {list(b)!r}"
            continue
        present = (ours.HasField(fd.name), theirs.HasField(fd.name))
        if present[0] != present[1]:
            yield f"{here}: set in {'ours' if present[0] else 'the wheel'} only"
        elif fd.message_type is not None:
            yield from diff_messages(a, b, here)
        elif a != b:
            yield f"{here}: ours {a!r}, wheel {b!r}"


def _diff_repeated_messages(ours: list, theirs: list, path: str) -> Iterator[str]:
    names_a = [_label(m) for m in ours]
    names_b = [_label(m) for m in theirs]
    if "?" in names_a or "?" in names_b or len(set(names_a)) != len(names_a):
        # unnamed elements (e.g. reserved ranges): compare by position
        if len(ours) != len(theirs):
            yield f"{path}: ours has {len(ours)} entries, wheel {len(theirs)}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            yield from diff_messages(a, b, f"{path}[{i}]")
        return
    by_name_b = dict(zip(names_b, theirs))
    for name in names_a:
        if name not in by_name_b:
            yield f"{path}[{name}]: only in ours"
    for name in names_b:
        if name not in names_a:
            yield f"{path}[{name}]: only in the wheel"
    for name, a in zip(names_a, ours):
        if name in by_name_b:
            yield from diff_messages(a, by_name_b[name], f"{path}[{name}]")
    common_a = [n for n in names_a if n in by_name_b]
    common_b = [n for n in names_b if n in names_a]
    if common_a != common_b:
        yield f"{path}: order differs: ours {common_a}, wheel {common_b}"


def diff_files(
    ours: dict[str, descriptor_pb2.FileDescriptorProto],
    theirs: dict[str, descriptor_pb2.FileDescriptorProto],
) -> list[str]:
    """All differences between two sets of file descriptors, keyed by file name."""
    lines = [f"{name}: only in ours" for name in sorted(set(ours) - set(theirs))]
    lines += [f"{name}: only in the wheel" for name in sorted(set(theirs) - set(ours))]
    for name in sorted(set(ours) & set(theirs)):
        lines += [f"{name}: {line}" for line in diff_messages(ours[name], theirs[name], "")]
    return lines


def main() -> int:
    try:
        theirs = wheel_descriptors()
    except WheelMissing as exc:
        print(f"cannot compare: {exc}", file=sys.stderr)
        return 2
    differences = diff_files(our_descriptors(), theirs)
    for line in differences:
        print(line)
    if differences:
        print(f"{len(differences)} difference(s) from {WHEEL} {WHEEL_VERSION}", file=sys.stderr)
        return 1
    print(f"protos/v1 matches {WHEEL} {WHEEL_VERSION} field for field ({len(theirs)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
