"""The V1 client table against reality.

Every public name of the real `tensorrtserver.api` 1.11.0 (read with `ast`
from the installed wheel, never imported: it needs OpenSSL 1.1) is either
rewritten by a rule or named by a report-only rule, every V1 method of a
context class is in a table, and every V2 name the rules emit exists in the
installed `tritonclient`.
"""
from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

from triton_migrate.data import v1_client_api as table
from triton_migrate.rules import rules_by_id


def v1_source() -> ast.Module:
    spec = importlib.util.find_spec("tensorrtserver")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("tensorrtserver==1.11.0 is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "api" / "__init__.py"
    return ast.parse(path.read_text())


def v1_public() -> dict[str, ast.AST]:
    tree = v1_source()
    names: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and not node.name.startswith("_"):
            names[node.name] = node
    return names


def test_every_public_v1_name_is_handled() -> None:
    rules = rules_by_id()
    for name in v1_public():
        assert name in table.PUBLIC_NAMES, f"V1 name {name} is in no table"
        assert table.PUBLIC_NAMES[name] in rules, f"{name}: rule {table.PUBLIC_NAMES[name]} does not exist"


@pytest.mark.parametrize("cls", sorted(table.CONTEXTS))
def test_context_methods_and_parameters(cls: str) -> None:
    node = v1_public()[cls]
    assert isinstance(node, ast.ClassDef)
    methods = {f.name: f for f in node.body if isinstance(f, ast.FunctionDef)}
    init = [a.arg for a in methods["__init__"].args.args[1:]]
    assert tuple(init) == table.CONTEXTS[cls].params
    public = {m for m in methods if not m.startswith("_")}
    covered = set(table.CONTEXTS[cls].methods) | set(table.SEMANTIC_METHODS.get(cls, {}))
    assert public <= covered, f"{cls}: methods in no table: {sorted(public - covered)}"
    assert covered <= public, f"{cls}: table names methods V1 does not have: {sorted(covered - public)}"


def test_v1_constants() -> None:
    source = ast.unparse(v1_source())
    assert "class ResultFormat" in source and "RAW = (1,)" in source and "CLASS = 2" in source
    assert "def from_str" in source


@pytest.mark.parametrize("module", [table.HTTP_MODULE[0], table.GRPC_MODULE[0]])
def test_v2_client_names_exist(module: str) -> None:
    mod = importlib.import_module(module)
    client = mod.InferenceServerClient
    for spec in table.CONTEXTS.values():
        for entry in spec.methods.values():
            if isinstance(entry, table.Rename):
                assert hasattr(client, entry.new), f"{module}.InferenceServerClient.{entry.new}"
    for name in ("InferInput", "InferRequestedOutput", "infer", "register_system_shared_memory",
                 "unregister_system_shared_memory", "get_system_shared_memory_status",
                 "register_cuda_shared_memory", "unregister_cuda_shared_memory"):
        assert hasattr(mod, name) or hasattr(client, name), name
    assert hasattr(mod.InferInput, "set_data_from_numpy") and hasattr(mod.InferInput, "set_shared_memory")
    assert hasattr(mod.InferRequestedOutput, "set_shared_memory")


def test_v2_utils_names_exist() -> None:
    utils = importlib.import_module(table.UTILS_MODULE)
    for name in table.UTILS_NAMES:
        assert hasattr(utils, name), name
    for target in table.FUNCTIONS.values():
        module, _, name = target.rpartition(".")
        assert hasattr(importlib.import_module(module), name), target
    shm = importlib.import_module("tritonclient.utils.shared_memory")
    assert hasattr(shm, "get_contents_as_numpy")
