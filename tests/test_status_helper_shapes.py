"""Status helpers of a file (status lane, issue 9): the no-silent-breakage invariant over their shapes.

A helper builds a ``ServerStatusContext`` and returns ``ctx.get_server_status()`` (or the pair
with ``ctx.get_last_request_id()``); its callers read the status for what V2 has (configuration,
listing, readiness), for what it has not (uptime, statistics per request batch size), or not at
all, read the request id or not, call it on a line of their own or inside an expression, with
the protocol of a loop's rows, a literal, a variable or the default.  Drawn with hypothesis,
with and without ``--drop-v1-only-checks``: the output parses, every V1 use left has a finding,
a second run changes nothing and reports the same items.  The convertible shapes convert whole.
"""
from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_v1_shapes_property import text_problems

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

FORMS = ("single", "pair")
IMPORTS = ("star", "explicit", "alias")
PROTOCOLS = ("rows", "enum", "default", "variable")
USES = ("config", "listing", "ready", "uptime", "unread", "batch_stats")
CALLS = ("own_line", "expression", "twice")


@dataclasses.dataclass(frozen=True)
class HelperShape:
    form: str = "single"
    imports: str = "star"
    protocol: str = "rows"
    use: str = "config"
    request_id_read: bool = False
    call: str = "own_line"
    private: bool = True
    drop: bool = False

    def name(self) -> str:
        return "-".join(str(v) for v in dataclasses.astuple(self))


def _q(shape: HelperShape, name: str) -> str:
    return "trt." + name if shape.imports == "alias" else name


def render(shape: HelperShape) -> str:
    helper = ("_" if shape.private else "") + "fetch_status"
    lines = ["import unittest", ""]
    if shape.imports == "star":
        lines.append("from tensorrtserver.api import *")
    elif shape.imports == "explicit":
        lines.append("from tensorrtserver.api import InferenceServerException, ProtocolType, ServerStatusContext")
    else:
        lines.append("import tensorrtserver.api as trt")
    lines.append("import tensorrtserver.api.server_status_pb2 as server_status")
    ret = "(ctx.get_server_status(), ctx.get_last_request_id())" if shape.form == "pair" else "ctx.get_server_status()"
    lines += ["", "",
              "def %s(url, protocol=%s, model_name=None):" % (helper, _q(shape, "ProtocolType.HTTP")),
              "    ctx = %s(url, protocol, model_name, False)" % _q(shape, "ServerStatusContext"),
              "    return " + ret, "", "",
              "class StatusTest(unittest.TestCase):",
              "    def test_status(self):"]
    body: list[str] = []
    if shape.protocol == "rows":
        body.append("for pair in [('localhost:8000', %s), ('localhost:8001', %s)]:"
                    % (_q(shape, "ProtocolType.HTTP"), _q(shape, "ProtocolType.GRPC")))
        args, indent = "pair[0], pair[1], 'simple'", "    "
    elif shape.protocol == "enum":
        args, indent = "'localhost:8001', %s, 'simple'" % _q(shape, "ProtocolType.GRPC"), ""
    elif shape.protocol == "variable":
        body.append("protocol = %s('grpc')" % _q(shape, "ProtocolType.from_str"))
        args, indent = "'localhost:8001', protocol, 'simple'", ""
    else:
        args, indent = "'localhost:8000', model_name='simple'", ""
    if shape.use == "unread":
        args = args.replace("'simple'", "'no_such_model'")
    call = "%s(%s)" % (helper, args)
    target = "status, request_id" if shape.form == "pair" else "status"
    reads = {
        "config": ["self.assertEqual(status.model_status['simple'].config.max_batch_size, 8)"],
        "listing": ["self.assertTrue('simple' in status.model_status)",
                    "self.assertEqual(len(status.model_status['simple'].version_status), 1)"],
        "ready": ["self.assertEqual(status.ready_state, server_status.SERVER_READY)"],
        "uptime": ["self.assertGreater(status.uptime_ns, 0)"],
        "unread": [],
        "batch_stats": ["self.assertEqual(len(status.model_status['simple'].version_status[1].infer_stats), 0)"],
    }[shape.use]
    inner: list[str] = []
    if shape.call == "expression":
        first = "%s[0]" % call if shape.form == "pair" else call
        inner.append("self.assertTrue(%s.model_status)" % first)
    else:
        inner.append("%s = %s" % (target, call))
        inner += reads
        if shape.form == "pair" and shape.request_id_read:
            inner.append("self.assertGreater(request_id, 0)")
        if shape.call == "twice":
            inner.append("%s = %s" % (target.replace("status", "again").replace("request_id", "again_id"), call))
            inner += [re.sub(r"\bstatus\.", "again.", r) for r in reads]
    if shape.use == "unread" and shape.call != "expression":
        inner = ["try:"] + ["    " + s for s in inner] + ["    self.fail('expected an unknown model failure')",
                                                         "except %s as ex:" % _q(shape, "InferenceServerException"),
                                                         "    self.assertTrue(ex.message().startswith('no status'))"]
    body += [indent + s for s in inner]
    lines += ["        " + s for s in body]
    lines += ["", "", "if __name__ == '__main__':", "    unittest.main()", ""]
    return "\n".join(lines)


def problems(shape: HelperShape) -> list[str]:
    return text_problems(render(shape), Settings(drop_v1_only_checks=shape.drop))


def _report(shape: HelperShape, found: list[str]) -> str:
    return "shape %s breaks the invariant:\n  %s\n--- program ---\n%s" % (shape.name(), "\n  ".join(found), render(shape))


shapes = st.builds(HelperShape, form=st.sampled_from(FORMS), imports=st.sampled_from(IMPORTS),
                   protocol=st.sampled_from(PROTOCOLS), use=st.sampled_from(USES), request_id_read=st.booleans(),
                   call=st.sampled_from(CALLS), private=st.booleans(), drop=st.booleans())


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(shape=shapes)
def test_status_helpers_never_break_silently(shape: HelperShape) -> None:
    found = problems(shape)
    assert not found, _report(shape, found)


@pytest.mark.parametrize("use", ["config", "listing", "ready", "unread"])
@pytest.mark.parametrize("form", FORMS)
def test_status_helper_converts_whole(form: str, use: str) -> None:
    shape = HelperShape(form=form, use=use, call="twice")
    result = migrate_text(render(shape), "shape.py", Settings())
    assert result.status == "changed" and result.new is not None
    assert "tensorrtserver" not in result.new and "fetch_status" not in result.new, result.new
    assert not [f for f in result.findings if not f.applied], [f.message for f in result.findings if not f.applied]
    assert not problems(shape)


@pytest.mark.parametrize("shape", [
    HelperShape(form="pair", request_id_read=True),
    HelperShape(use="uptime"),
    HelperShape(use="batch_stats", form="pair"),
    HelperShape(call="expression"),
], ids=lambda s: s.name())
def test_status_helper_stays_v1_with_a_finding_on_the_call(shape: HelperShape) -> None:
    text = render(shape)
    result = migrate_text(text, "shape.py", Settings())
    new = result.new if result.new is not None else text
    assert "def _fetch_status" in new and "ServerStatusContext" in new
    assert not problems(shape)
    if shape.call != "expression":  # an assignment: the call itself is named
        assert any("`_fetch_status()` builds a V1" in f.message for f in result.findings if not f.applied)


@pytest.mark.parametrize("shape", [
    HelperShape(form="pair", request_id_read=True, drop=True),
    HelperShape(use="uptime", drop=True),
    HelperShape(use="batch_stats", form="pair", drop=True),
], ids=lambda s: s.name())
def test_status_helper_checks_dropped_with_the_flag(shape: HelperShape) -> None:
    result = migrate_text(render(shape), "shape.py", Settings(drop_v1_only_checks=True))
    assert result.status == "changed" and result.new is not None
    assert "_fetch_status" not in result.new and "dropped V1-only check" in result.new, result.new
    assert not problems(shape)
