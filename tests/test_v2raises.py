"""analysis/v2raises.py on its own: which calls of a try body may raise the V1 exception class."""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from triton_migrate.analysis import v2raises

SOURCE = '''
import time
import helpers
from google.protobuf import json_format

def check(self, pair):
    try:
        ctx = pair[1].InferenceServerClient(pair[0])
        models = ctx.get_model_repository_index()
        rows = [entry.get("name") for entry in models]
        time.sleep(0)
        json_format.ParseDict({}, None)
        self.assertEqual(len(rows), 1)
    except Exception:
        pass
    try:
        ready = ctx.is_server_ready()
        helpers.infer("simple")
    except Exception:
        pass
    try:
        self.check_more()
    except Exception:
        pass
    try:
        status = ServerStatusContext(pair[0], pair[1]).get_server_status()
    except Exception:
        pass
    try:
        ServerStatusContext(pair[0], pair[1])
    except Exception:
        pass
    try:
        self.assertServerUp(pair)
    except Exception:
        pass
    try:
        used = client.is_server_live()
        client = pair[1].InferenceServerClient(pair[0])
    except Exception:
        pass


def assertServerUp(pair):
    pass
'''


def _first_calls() -> list[str | None]:
    wrapper = MetadataWrapper(cst.parse_module(SOURCE))
    parents = wrapper.resolve(ParentNodeProvider)
    module = wrapper.module
    bindings = v2raises.module_bindings(module)
    function = next(s for s in module.body if isinstance(s, cst.FunctionDef))
    clients = v2raises.v2_clients(function)
    own = frozenset(v2raises.defined_functions(module))
    out = []
    for stmt in function.body.body:
        assert isinstance(stmt, cst.Try)
        call = v2raises.first_v1([stmt.body], bindings, clients, lambda n: False, parents.get, own)
        out.append(None if call is None else module.code_for_node(call.func))
    return out


def test_first_call_that_may_raise_v1() -> None:
    assert _first_calls() == [
        None,  # a V2 client made in the body, data methods, the standard library, protobuf, unittest checks
        "helpers.infer",  # code of the project (`ctx`, a V2 client wherever the function makes it, is not)
        "self.check_more",  # a method of the project
        "ServerStatusContext(pair[0], pair[1]).get_server_status",  # a method of something not known
        "ServerStatusContext",  # not a builtin, not imported from a safe package
        "self.assertServerUp",  # a check the module defines itself: project code
        None,  # every assignment of `client` in the function makes a V2 client
    ]


def test_bindings_name_the_top_package() -> None:
    module = cst.parse_module("import os.path\nimport numpy as np\nfrom google.protobuf import text_format\n"
                              "from . import local\nimport infer_util as iu\nx = 1\n")
    assert v2raises.module_bindings(module) == {"os": "os", "np": "numpy", "text_format": "google",
                                                "local": None, "iu": "infer_util", "x": None}
