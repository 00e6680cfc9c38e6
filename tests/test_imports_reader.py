"""The one import reader (`triton_migrate.analysis.imports`) and the readers built on it."""
from __future__ import annotations

import ast

import pytest

from triton_migrate.analysis import imports
from triton_migrate.analysis.imports import Binding, bindings, in_package, of_tree, v2_bound


def _one(source: str) -> list[Binding]:
    return bindings(ast.parse(source).body[0])


def _shape(b: Binding) -> tuple:
    return (b.local, b.module, b.member, b.alias, b.level, b.target, b.reference, b.star)


@pytest.mark.parametrize("source, expected", [
    ("import tensorrtserver.api",
     [("tensorrtserver", "tensorrtserver.api", None, None, 0, "tensorrtserver.api", "tensorrtserver.api", False)]),
    ("import tensorrtserver.api as trt",
     [("trt", "tensorrtserver.api", None, "trt", 0, "tensorrtserver.api", "trt", False)]),
    ("import os, sys as system",
     [("os", "os", None, None, 0, "os", "os", False), ("system", "sys", None, "system", 0, "sys", "system", False)]),
    ("from tensorrtserver.api import InferContext as IC, ProtocolType",
     [("IC", "tensorrtserver.api", "InferContext", "IC", 0, "tensorrtserver.api.InferContext", "IC", False),
      ("ProtocolType", "tensorrtserver.api", "ProtocolType", None, 0, "tensorrtserver.api.ProtocolType",
       "ProtocolType", False)]),
    ("from tensorrtserver.api import *",
     [("*", "tensorrtserver.api", "*", None, 0, "tensorrtserver.api", "*", True)]),
    ("from . import helpers",
     [("helpers", "", "helpers", None, 1, "helpers", "helpers", False)]),
    ("from ..pkg import util as u",
     [("u", "pkg", "util", "u", 2, "pkg.util", "u", False)]),
    ("x = 1", []),
])
def test_bindings_of_one_statement(source: str, expected: list[tuple]) -> None:
    assert [_shape(b) for b in _one(source)] == expected


def test_of_tree_reads_nested_imports_in_walk_order() -> None:
    tree = ast.parse("import a\ndef f():\n    from b import c\n    import d.e as g\nfrom h import *\n")
    assert [b.local for b in of_tree(tree)] == ["a", "*", "c", "g"]  # ast.walk: breadth first
    assert [b.local for b in imports.read(tree.body)] == ["a", "*"]  # statements given, not walked into


def test_in_package_is_a_dotted_name_test() -> None:
    assert in_package("tritonclient", "tritonclient")
    assert in_package("tritonclient.grpc", "tritonclient")
    assert not in_package("tritonclientx.grpc", "tritonclient")
    assert not in_package("tritonclient", "tritonclient.grpc")


@pytest.mark.parametrize("source, expected", [
    # the line the tool writes in a file that keeps tensorrtserver imported
    ("from tensorrtserver.api import InferContext\nfrom tritonclient.grpc import model_config_pb2\n",
     {"model_config_pb2"}),
    ("import tritonclient.http as httpclient\nfrom tritonclient.utils import InferenceServerException\n",
     {"httpclient", "InferenceServerException"}),
    # bound by both: not only V2
    ("from tritonclient.grpc import model_config_pb2\nfrom tensorrtserver.api import model_config_pb2\n", set()),
    # a V1 star import after the V2 import may rebind it; before it, the V2 import wins
    ("from tritonclient.grpc import model_config_pb2\nfrom tensorrtserver.api import *\n", set()),
    ("from tensorrtserver.api import *\nfrom tritonclient.grpc import model_config_pb2\n", {"model_config_pb2"}),
    # a relative import and a look-alike package are not V2
    ("from .tritonclient import model_config_pb2\nfrom tritonclientx import api_pb2\n", set()),
])
def test_v2_bound(source: str, expected: set[str]) -> None:
    assert v2_bound(ast.parse(source)) == expected


def test_verify_model_reads_v1_names_through_the_reader() -> None:
    from triton_migrate.analysis.verify import Model

    model = Model(ast.parse(
        "import tensorrtserver.api\nimport tensorrtserver.api as trt\nfrom tensorrtserver.api import InferContext as IC\n"
        "from tensorrtserver.api import *\nfrom .tensorrtserver import x\nimport os\n"))
    assert model.v1_names == {"tensorrtserver": "tensorrtserver", "trt": "api", "IC": "InferContext"}
    assert model.star
    assert {"tensorrtserver", "trt", "IC", "x", "os"} <= model.imported


def test_crossfile_names_read_through_the_reader() -> None:
    from triton_migrate.crossfile import ModuleInfo, _add_import, _V1Names

    v1 = _V1Names()
    tree = ast.parse("import os, tensorrtserver.api as trt\nfrom tensorrtserver.api import InferContext as IC\n"
                     "import json\nfrom .helpers import make as mk\nfrom tensorrtserver.api import *\n")
    taken = [node for node in tree.body if v1.add_import(node)]
    assert len(taken) == 3  # the statements naming tensorrtserver.api (``import os, ...`` with it)
    assert v1.modules == {"trt"}
    assert v1.names["IC"] == "InferContext" and v1.names["ProtocolType"] == "ProtocolType"
    info = ModuleInfo("pkg/mod.py", ("pkg.mod",))
    for node in tree.body:
        if node not in taken:
            _add_import(info, node, "pkg")
    assert info.imports == {"json": ("json", None), "mk": ("pkg.helpers", "make")}


def test_shmhold_reads_helper_modules_through_the_reader() -> None:
    from triton_migrate.v1client.shmhold import _Imports

    found = _Imports(ast.parse(
        "import tensorrtserver.shared_memory as shm\nfrom tensorrtserver import cuda_shared_memory as cshm\n"
        "from tritonclient.utils.shared_memory import create_shared_memory_region as create\n"
        "from tensorrtserver.shared_memory import *\n"))
    assert found.modules == {"shm": "tensorrtserver.shared_memory", "cshm": "tensorrtserver.cuda_shared_memory"}
    assert found.members == {"create": ("tensorrtserver.shared_memory", "create_shared_memory_region")}
    assert found.stars == ["tensorrtserver.shared_memory"]
    assert found.v1_named == {"tensorrtserver.shared_memory", "tensorrtserver.cuda_shared_memory"}


def test_dropchecks_aliases_read_through_the_reader() -> None:
    from triton_migrate.analysis.dropchecks import _v1_aliases

    names, star = _v1_aliases(ast.parse("import tensorrtserver.api\nimport tensorrtserver.api as t\n"
                                        "from tensorrtserver.api import ServerStatusContext as S\nimport os\n"))
    assert names == {"tensorrtserver", "t", "S"} and not star
    assert _v1_aliases(ast.parse("from tensorrtserver.api import *\n")) == (set(), True)


# -- the residue scan: a name only V2 imports bind is not a V1 residue -------------------------------------

def test_residue_scan_skips_names_bound_by_v2_imports() -> None:
    from triton_migrate.analysis.verify import v1_lines

    text = ("from tensorrtserver.api import *\n"
            "from tritonclient.grpc import model_config_pb2\n"
            "import tritonclient.grpc as grpcclient\n"
            "from tritonclient.utils import InferenceServerException\n"
            "config = model_config_pb2.ModelConfig()\n"
            "try:\n"
            "    pass\n"
            "except (InferenceServerException, grpcclient.InferenceServerException):\n"
            "    pass\n"
            "ctx = ServerStatusContext(url, ProtocolType.HTTP)\n")
    assert v1_lines(text) == {1: "tensorrtserver", 10: "ServerStatusContext"}


def test_residue_scan_keeps_every_true_v1_name() -> None:
    from triton_migrate.analysis.verify import v1_lines

    text = ("from tensorrtserver.api import model_config_pb2\n"
            "from tritonclient.grpc import model_config_pb2 as mc\n"
            "from tritonclient.grpc import api_pb2\n"  # bound by V2 and below by V1 too
            "from tensorrtserver.api import api_pb2\n"
            "a = model_config_pb2.ModelConfig()\n"
            "b = mc.ModelConfig(), api_pb2.X\n"
            "c = mc.x, ServerStatus()\n")
    assert v1_lines(text) == {1: "tensorrtserver", 4: "tensorrtserver", 5: "model_config_pb2", 6: "api_pb2",
                              7: "ServerStatus"}


def test_residue_scan_without_v1_import_or_parse() -> None:
    from triton_migrate.analysis.verify import v1_lines

    # no tensorrtserver import: the public names do not count at all (as before)
    assert v1_lines("from tritonclient.grpc import model_config_pb2\nx = ResultFormat\n") == {2: "ResultFormat"}
    # does not parse: nothing is known to be V2, every public name counts
    assert v1_lines("import tensorrtserver.api\nfrom tritonclient.grpc import model_config_pb2\nx = (\n") == {
        1: "tensorrtserver", 2: "model_config_pb2"}
