"""Generated V1 programs: the output parses and a second run changes nothing.

The fixture harness (tests/test_fixtures.py) checks the same for every fixture;
here hypothesis composes V1 import forms, aliases, star imports, calls,
comments and CRLF line endings.
"""
from __future__ import annotations

import ast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

IMPORTS = [
    "from tensorrtserver.api import *",
    "from tensorrtserver.api import InferContext, ProtocolType",
    "from tensorrtserver.api import ServerHealthContext, ServerStatusContext",
    "from tensorrtserver.api import ModelControlContext",
    "import tensorrtserver.api as trt",
    "import tensorrtserver.api",
    "import tensorrtserver.api.model_config_pb2 as model_config",
    "from tensorrtserver.api import InferenceServerException as E",
    "import tensorrtserver.shared_memory as shm",
    "import tritonhttpclient",
    "import tritongrpcclient as grpcclient",
    "from tritonclientutils import InferenceServerException",
    "import numpy as np",
]
STATEMENTS = [
    "ctx = InferContext('localhost:8000', ProtocolType.from_str('http'), 'simple', -1, False)",
    "ctx = trt.InferContext(url, trt.ProtocolType.HTTP, 'simple')",
    "result = ctx.run({'INPUT0': (a,)}, {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)",
    "health = ServerHealthContext(url, ProtocolType.GRPC, verbose=False)",
    "ok = health.is_ready()",
    "status = ServerStatusContext(url, ProtocolType.HTTP, 'simple').get_server_status()",
    "ModelControlContext(url, ProtocolType.HTTP).load('simple')",
    "client = tritonhttpclient.InferenceServerClient('localhost:8000')",
    "client = grpcclient.InferenceServerClient(url='localhost:8001')",
    "handle = shm.create_shared_memory_region('in', '/in', 64)",
    "print(tensorrtserver.api.InferContext)",
    "x = [i for i in range(3)]  # unrelated",
    "url = 'localhost:8000'",
]
# "# triton-migrate: ignore" is left out: see test_ignored_line_under_star_import below.
COMMENTS = ["# a comment", "# InferContext in a comment", ""]

program = st.tuples(
    st.lists(st.sampled_from(IMPORTS), min_size=1, max_size=5),
    st.lists(st.tuples(st.sampled_from(STATEMENTS), st.sampled_from(COMMENTS)), max_size=8),
    st.booleans(),  # inside a function
    st.booleans(),  # CRLF
)


def render(parts: tuple[list[str], list[tuple[str, str]], bool, bool]) -> str:
    imports, body, in_function, crlf = parts
    lines = list(imports) + [""]
    indent = ""
    if in_function:
        lines.append("def main(url='localhost:8000', a=None):")
        indent = "    "
        lines.append(indent + "pass")
    for statement, comment in body:
        if comment:
            lines.append(indent + comment)
        lines.append(indent + statement)
    text = "\n".join(lines) + "\n"
    return text.replace("\n", "\r\n") if crlf else text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program)
def test_generated_programs_reach_a_fixed_point(parts) -> None:  # type: ignore[no-untyped-def]
    text = render(parts)
    ast.parse(text)
    first = migrate_text(text, "gen.py", Settings())
    assert first.status in ("changed", "unchanged"), (first.status, first.reason, text)
    out = first.new if first.status == "changed" else text
    assert out is not None
    ast.parse(out)
    if "\r\n" in text:
        assert out.count("\n") == out.count("\r\n"), "line endings must stay CRLF"
    second = migrate_text(out, "gen.py", Settings())
    assert second.status == "unchanged", (second.status, second.reason, out, second.new)


def test_ignored_line_under_star_import() -> None:
    text = ("from tensorrtserver.api import *\n\n# triton-migrate: ignore\n"
            "ctx = InferContext('localhost:8000', ProtocolType.from_str('http'), 'simple', -1, False)\n")
    first = migrate_text(text, "gen.py", Settings())
    out = first.new if first.status == "changed" else text
    assert migrate_text(out, "gen.py", Settings()).status == "unchanged"
