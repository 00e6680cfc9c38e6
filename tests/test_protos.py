"""protos/v1 and triton_migrate.protos_v1: fresh, equal to the V1 wheel, and the gRPC table true."""
from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from collections import Counter
from importlib import import_module, metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from google.protobuf import descriptor_pb2

from triton_migrate.data import grpc_v1_v2 as table

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "triton_migrate" / "protos_v1"


def _load_script(name: str) -> ModuleType:
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_script_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


compile_protos = _load_script("compile_protos")
check = _load_script("check_v1_descriptors")


def _strip_json_names(message: Any) -> None:
    for field in message.field:
        field.ClearField("json_name")
    for nested in message.nested_type:
        _strip_json_names(nested)


# --- (a) the committed generated modules are not stale ------------------------


def _require_grpc_tools() -> str:
    pytest.importorskip("grpc_tools.protoc", reason="grpcio-tools is not installed")
    return str(metadata.version("grpcio-tools"))


def test_generated_modules_are_byte_identical_to_a_fresh_compile(tmp_path: Path) -> None:
    installed = _require_grpc_tools()
    generated_with = import_module("triton_migrate.protos_v1").GRPCIO_TOOLS_VERSION
    if installed != generated_with:
        pytest.skip(
            f"triton_migrate/protos_v1 was generated with grpcio-tools {generated_with}, "
            f"{installed} is installed and writes other code; the descriptor test still runs"
        )
    compile_protos.compile_protos(tmp_path)
    fresh = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in compile_protos._generated(PACKAGE_DIR)}
    assert sorted(committed) == sorted(fresh), "run: python scripts/compile_protos.py"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale {stale}; run: python scripts/compile_protos.py"


def test_generated_descriptors_match_the_proto_sources(tmp_path: Path) -> None:
    """Independent of the grpcio-tools version: protos/v1 and the modules say the same."""
    _require_grpc_tools()
    from grpc_tools import protoc

    out = tmp_path / "set.bin"
    sources = sorted(str(p) for p in compile_protos.PROTO_DIR.glob("*.proto"))
    argv = ["protoc", f"-I{compile_protos.PROTO_DIR}", f"--descriptor_set_out={out}", *sources]
    assert protoc.main(argv) == 0
    fresh = {}
    for fdp in descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file:
        for message in fdp.message_type:
            _strip_json_names(message)
        fresh[fdp.name] = fdp
    assert check.diff_files(check.our_descriptors(), fresh) == []


def test_compile_script_check_mode_agrees() -> None:
    installed = _require_grpc_tools()
    if installed != import_module("triton_migrate.protos_v1").GRPCIO_TOOLS_VERSION:
        pytest.skip("other grpcio-tools version, see the byte comparison test")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_protos.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


def test_generated_modules_carry_no_runtime_version_check() -> None:
    for path in compile_protos._generated(PACKAGE_DIR):
        text = path.read_text(encoding="utf-8")
        assert "ValidateProtobufRuntimeVersion" not in text, path.name
        assert "_descriptor_pool.Default()" not in text, path.name


def test_v1_and_v2_modules_load_side_by_side() -> None:
    v2 = pytest.importorskip("tritonclient.grpc.service_pb2")
    from triton_migrate.protos_v1 import grpc_service_pb2, model_config_pb2

    # Same file names, different pools: neither shadows the other.
    assert grpc_service_pb2.DESCRIPTOR.name == v2.DESCRIPTOR.name == "grpc_service.proto"
    assert grpc_service_pb2.DESCRIPTOR.package == table.V1_PACKAGE
    assert v2.DESCRIPTOR.package == table.V2_PACKAGE
    request = grpc_service_pb2.InferRequest(model_name="m", model_version=-1)
    request.meta_data.input.add(name="in", dims=[3])
    assert grpc_service_pb2.InferRequest.FromString(request.SerializeToString()) == request
    assert grpc_service_pb2.InferRequest.__module__ == "triton_migrate.protos_v1.grpc_service_pb2"
    config = model_config_pb2.ModelConfig(name="m")
    config.parameters["k"].string_value = "v"
    assert model_config_pb2.ModelConfig.FromString(config.SerializeToString()) == config


# --- (b) our descriptors equal the tensorrtserver 1.11.0 wheel's ---------------


@pytest.fixture(scope="module")
def wheel() -> dict[str, descriptor_pb2.FileDescriptorProto]:
    try:
        return check.wheel_descriptors()  # type: ignore[no-any-return]
    except check.WheelMissing as exc:
        pytest.skip(f"cannot compare with the V1 wheel: {exc}")


def test_descriptors_match_the_wheel_field_for_field(
    wheel: dict[str, descriptor_pb2.FileDescriptorProto],
) -> None:
    assert sorted(wheel) == sorted(f"{name}.proto" for name in check.FILES)
    assert check.diff_files(check.our_descriptors(), wheel) == []


@pytest.mark.parametrize("name", check.FILES)
def test_serialized_descriptor_is_byte_identical_to_the_wheel(
    wheel: dict[str, descriptor_pb2.FileDescriptorProto], name: str
) -> None:
    ours = import_module(f"triton_migrate.protos_v1.{name}_pb2").DESCRIPTOR.serialized_pb
    assert ours == wheel[f"{name}.proto"].SerializeToString()


def test_the_comparison_reports_differences() -> None:
    ours = check.our_descriptors()
    changed = {name: descriptor_pb2.FileDescriptorProto() for name in ours}
    for name, fdp in ours.items():
        changed[name].CopyFrom(fdp)
    service = changed["grpc_service.proto"]
    status_request = next(m for m in service.message_type if m.name == "StatusRequest")
    status_request.field[0].number = 9
    health = next(m for m in service.message_type if m.name == "HealthResponse")
    first, second = (descriptor_pb2.FieldDescriptorProto(), descriptor_pb2.FieldDescriptorProto())
    first.CopyFrom(health.field[0])
    second.CopyFrom(health.field[1])
    health.field[0].CopyFrom(second)
    health.field[1].CopyFrom(first)
    stream = next(m for m in service.service[0].method if m.name == "StreamInfer")
    stream.ClearField("client_streaming")
    del changed["api.proto"].message_type[0]
    text = "\n".join(check.diff_files(ours, changed))
    assert "message_type[StatusRequest].field[model_name].number: ours 1, wheel 9" in text
    assert "message_type[HealthResponse].field: order differs" in text
    assert "method[StreamInfer].client_streaming: set in ours only" in text
    assert "api.proto: message_type[InferSharedMemory]: only in ours" in text


# --- (c) the V1 -> V2 gRPC table names real things -----------------------------


def _v1_pool() -> Any:
    return import_module("triton_migrate.protos_v1.grpc_service_pb2").DESCRIPTOR.pool


@pytest.fixture(scope="module")
def v2_service() -> ModuleType:
    return pytest.importorskip(
        "tritonclient.grpc.service_pb2", reason="tritonclient[grpc] is not installed"
    )


def _v1_message(name: str) -> Any:
    return _v1_pool().FindMessageTypeByName(f"{table.V1_PACKAGE}.{name}")


def _v2_message(v2_service: ModuleType, name: str) -> Any:
    return v2_service.DESCRIPTOR.pool.FindMessageTypeByName(f"{table.V2_PACKAGE}.{name}")


def _field(message: Any, path: str) -> Any:
    """The field at a dotted path, going through message-typed fields."""
    field = None
    for part in path.split("."):
        assert message is not None, f"{path}: {part} is below a non-message field"
        assert part in message.fields_by_name, f"{message.full_name} has no field {part}"
        field = message.fields_by_name[part]
        message = field.message_type
    return field


def _check_selector(when: tuple[str, str, str]) -> None:
    message_name, path, value = when
    message = _v1_message(message_name)
    if path in message.oneofs_by_name:
        members = [f.name for f in message.oneofs_by_name[path].fields]
        assert value in members, f"{when}: not a member of oneof {path}"
        return
    field = _field(message, path)
    if field.enum_type is not None:
        assert value in field.enum_type.values_by_name, f"{when}: not a value of the enum"
    else:
        assert field.type == field.TYPE_STRING and value, f"{when}: unsupported selector"


def _v1_methods() -> Any:
    service = _v1_pool().FindServiceByName(f"{table.V1_PACKAGE}.{table.V1_SERVICE}")
    return service.methods_by_name


def _v2_methods(v2_service: ModuleType) -> Any:
    return v2_service.DESCRIPTOR.services_by_name[table.V2_SERVICE].methods_by_name


def _relative(full_name: str, package: str) -> str:
    assert full_name.startswith(package + ".")
    return full_name[len(package) + 1:]


def _check_when_entries(entries: tuple[Any, ...]) -> None:
    keys = Counter((entry.v1, entry.when) for entry in entries)
    assert [k for k, n in keys.items() if n > 1] == [], "duplicate (v1, when) entries"
    selected = {entry.v1 for entry in entries if entry.when is not None}
    for name in selected:
        fallbacks = [e for e in entries if e.v1 == name and e.when is None]
        assert len(fallbacks) == 1, f"{name}: needs one entry with when=None"
        assert fallbacks[0].action == "report", f"{name}: the fallback must be reported"


def test_package_and_service_names(v2_service: ModuleType) -> None:
    v1 = import_module("triton_migrate.protos_v1.grpc_service_pb2").DESCRIPTOR
    assert v1.package == table.V1_PACKAGE and table.V1_SERVICE in v1.services_by_name
    assert v2_service.DESCRIPTOR.package == table.V2_PACKAGE
    assert table.V2_SERVICE in v2_service.DESCRIPTOR.services_by_name


@pytest.mark.parametrize("move", table.RPCS, ids=lambda m: f"{m.v1}-{m.when}")
def test_rpc_move_names_exist(move: table.RpcMove, v2_service: ModuleType) -> None:
    assert move.v1 in _v1_methods()
    assert move.v2, "every V1 RPC has a V2 successor"
    for name in move.v2:
        assert name in _v2_methods(v2_service), f"V2 has no RPC {name}"
    if move.when is not None:
        _check_selector(move.when)
        request = _v1_methods()[move.v1].input_type.full_name
        assert request == f"{table.V1_PACKAGE}.{move.when[0]}"
    assert move.message.strip()
    if move.action == "rename":
        assert len(move.v2) == 1


def test_every_v1_rpc_has_moves() -> None:
    assert {move.v1 for move in table.RPCS} == set(_v1_methods())
    _check_when_entries(table.RPCS)


@pytest.mark.parametrize("move", table.MESSAGES, ids=lambda m: f"{m.v1}-{m.when}")
def test_message_move_names_exist(move: table.MessageMove, v2_service: ModuleType) -> None:
    v1 = _v1_message(move.v1)
    targets = [_v2_message(v2_service, name) for name in move.v2]
    if move.when is not None:
        _check_selector(move.when)
    for v1_path, v2_path in move.fields.items():
        _field(v1, v1_path)
        if v2_path is not None:
            for target in targets:
                _field(target, v2_path)
    assert move.message.strip()
    if move.action == "rename":
        assert len(move.v2) == 1


def test_every_rpc_message_has_moves() -> None:
    named = {move.v1 for move in table.MESSAGES}
    for method in _v1_methods().values():
        for message in (method.input_type, method.output_type):
            assert _relative(message.full_name, table.V1_PACKAGE) in named
    _check_when_entries(table.MESSAGES)


@pytest.mark.parametrize(
    "move", [m for m in table.RPCS if m.action == "rename"], ids=lambda m: f"{m.v1}-{m.when}"
)
def test_rpc_renames_agree_with_message_renames(
    move: table.RpcMove, v2_service: ModuleType
) -> None:
    v1_method, v2_method = _v1_methods()[move.v1], _v2_methods(v2_service)[move.v2[0]]
    for v1_type, v2_type in (
        (v1_method.input_type, v2_method.input_type),
        (v1_method.output_type, v2_method.output_type),
    ):
        v1_name = _relative(v1_type.full_name, table.V1_PACKAGE)
        matches = [m for m in table.MESSAGES if m.v1 == v1_name and m.when == move.when]
        assert len(matches) == 1, f"{v1_name} when {move.when}"
        assert matches[0].action == "rename"
        assert matches[0].v2 == (_relative(v2_type.full_name, table.V2_PACKAGE),)


def test_module_moves() -> None:
    ours = {p.stem for p in PACKAGE_DIR.glob("*.py") if p.stem != "__init__"}
    assert {m.v1 for m in table.MODULES} == {f"tensorrtserver.api.{name}" for name in ours}
    for move in table.MODULES:
        assert move.message.strip()
        if move.v2 is None:
            assert move.action == "report"
        else:
            pytest.importorskip("tritonclient.grpc", reason="tritonclient[grpc] is not installed")
            assert importlib.util.find_spec(move.v2) is not None, move.v2


def _top_level_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name for node in tree.body
        if isinstance(node, (ast.ClassDef, ast.FunctionDef))
    }


def test_stub_names_exist() -> None:
    v1_names = _top_level_names(PACKAGE_DIR / "grpc_service_pb2_grpc.py")
    spec = importlib.util.find_spec("tritonclient.grpc.service_pb2_grpc")
    if spec is None or spec.origin is None:
        pytest.skip("tritonclient[grpc] is not installed")
    v2_names = _top_level_names(Path(spec.origin))
    assert {m.v1 for m in table.STUB_NAMES} == v1_names - {"GRPCService"}
    for move in table.STUB_NAMES:
        assert move.v2 in v2_names


def test_model_config_module_rename_is_safe() -> None:
    """The table renames model_config_pb2: every V1 item must be in V2 unchanged."""
    v2 = pytest.importorskip("tritonclient.grpc.model_config_pb2")
    v1 = import_module("triton_migrate.protos_v1.model_config_pb2")
    v2_pool = v2.DESCRIPTOR.pool
    for enum in v1.DESCRIPTOR.enum_types_by_name.values():
        _check_enum_kept(enum, v2_pool)

    def walk(message: Any) -> None:
        name = _relative(message.full_name, table.V1_PACKAGE)
        other = v2_pool.FindMessageTypeByName(f"{table.V2_PACKAGE}.{name}")
        for field in message.fields:
            assert field.name in other.fields_by_name, f"{name}.{field.name}"
            new = other.fields_by_name[field.name]
            assert (field.number, field.type) == (new.number, new.type), f"{name}.{field.name}"
            assert check._is_repeated(field) == check._is_repeated(new)
            assert (field.containing_oneof is None) == (new.containing_oneof is None)
            if field.message_type is not None:
                assert _relative(field.message_type.full_name, table.V1_PACKAGE) == _relative(
                    new.message_type.full_name, table.V2_PACKAGE
                )
        for enum in message.enum_types:
            _check_enum_kept(enum, v2_pool)
        for nested in message.nested_types:
            walk(nested)

    for message in v1.DESCRIPTOR.message_types_by_name.values():
        walk(message)


def _check_enum_kept(enum: Any, v2_pool: Any) -> None:
    name = _relative(enum.full_name, table.V1_PACKAGE)
    other = v2_pool.FindEnumTypeByName(f"{table.V2_PACKAGE}.{name}")
    for value in enum.values:
        assert other.values_by_name[value.name].number == value.number, f"{name}.{value.name}"


def test_table_is_data_only() -> None:
    tree = ast.parse(Path(table.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "collections", "dataclasses", "typing"}
