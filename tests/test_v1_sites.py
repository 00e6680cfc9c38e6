"""The independent V1 usage detector (tests/v1_sites.py) that the e2e, property and corpus checks rely on."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from v1_sites import map_new_to_old, silent_lines, v1_sites

E2E = Path(__file__).resolve().parent / "e2e"
V1_PROGRAMS = sorted((E2E / "v1_programs").glob("*.py"))
V2_REFERENCES = sorted((E2E / "v2_reference").glob("*.py"))


@pytest.mark.parametrize("path", V2_REFERENCES, ids=lambda p: p.stem)
def test_no_false_positive_on_v2_code(path: Path) -> None:
    assert v1_sites(path.name, path.read_text()) == []


@pytest.mark.parametrize("path", V1_PROGRAMS, ids=lambda p: p.stem)
def test_every_v1_program_has_sites(path: Path) -> None:
    assert len(v1_sites(path.name, path.read_text())) >= 5


def test_objects_are_followed() -> None:
    source = '''\
from tensorrtserver.api import *
class C(object):
    def __init__(self):
        self.ctx = InferContext("u", ProtocolType.HTTP, "m")
    def go(self):
        return self.ctx.run({}, {}, 1)
def make():
    return ServerHealthContext("u", ProtocolType.GRPC)
def use(h):
    return h.is_ready()
h = make()
use(h)
pool = [ModelControlContext("u", ProtocolType.HTTP)]
for c in pool:
    c.load("m")
class Seq(InferContext):
    def send(self):
        return self.run({}, {}, 1)
status = ServerStatusContext("u", ProtocolType.HTTP).get_server_status()
print(status.model_status["m"].config)
'''
    lines = set(v1_sites("x.py", source))
    for needle in ("self.ctx.run", "h.is_ready()", 'c.load("m")', "return self.run", "status.model_status"):
        number = next(i for i, line in enumerate(source.splitlines(), 1) if needle in line)
        assert number in lines, needle


def test_shared_names_count_only_when_v1_binds_them() -> None:
    v2 = "from tritonclient.utils import InferenceServerException\ntry:\n    pass\nexcept InferenceServerException:\n    pass\n"
    assert v1_sites("x.py", v2) == []
    v1 = v2.replace("from tritonclient.utils import", "from tensorrtserver.api import")
    assert v1_sites("x.py", v1) == [1, 4]


def test_python2_and_other_text_use_the_regex() -> None:
    assert v1_sites("x.py", 'print "trtserver --model-store=/m"\n') == [1]
    assert v1_sites("run.sh", "trtserver --model-store=/m --allow-poll-model-repository=true\n") == [1, 1]


def test_silent_lines_map_new_lines_to_v1_lines() -> None:
    old = "import os\nfrom tensorrtserver.api import *\nctx = InferContext('u', ProtocolType.HTTP, 'm')\n"
    new = "import os\nimport tritonclient.http as httpclient\nctx = InferContext('u', ProtocolType.HTTP, 'm')\n"
    assert map_new_to_old(old, new)[3] == (3, 3)
    assert silent_lines(old, new, set()) == [3]
    assert silent_lines(old, new, {3}) == []


def _site_lines(source: str, *needles: str) -> list[bool]:
    lines = set(v1_sites("x.py", source))
    out = []
    for needle in needles:
        number = next(i for i, line in enumerate(source.splitlines(), 1) if needle in line)
        out.append(number in lines)
    return out


def test_names_are_followed_in_order_within_their_function() -> None:
    # A V1 use, then the same name reassigned to a V2 client: only the first use is V1.
    source = '''\
from tensorrtserver.api import ServerStatusContext, ProtocolType
import tritonclient.http as httpclient
def check(url):
    ctx = ServerStatusContext(url, ProtocolType.HTTP, "m")
    first = ctx.get_model_repository_index()
    ctx = httpclient.InferenceServerClient(url)
    second = ctx.get_model_repository_index()
    return first, second
def other(url):
    ctx = httpclient.InferenceServerClient(url)
    return ctx.is_server_live()
'''
    assert _site_lines(source, "first = ctx", "second = ctx", "ctx.is_server_live") == [True, False, False]


def test_a_v1_assignment_reaches_through_branches_and_loops() -> None:
    source = '''\
from tensorrtserver.api import ServerHealthContext, ProtocolType
import tritonclient.http as httpclient
def branch(url, old):
    hctx = httpclient.InferenceServerClient(url)
    if old:
        hctx = ServerHealthContext(url, ProtocolType.HTTP)
    return hctx.is_live()
def loop(url, n):
    hctx = httpclient.InferenceServerClient(url)
    for _ in range(n):
        print(hctx.is_ready())
        hctx = ServerHealthContext(url, ProtocolType.HTTP)
def failing(url):
    hctx = httpclient.InferenceServerClient(url)
    try:
        hctx = ServerHealthContext(url, ProtocolType.HTTP)
        risky()
    except ValueError:
        hctx.is_alive()
def nested(url):
    hctx = ServerHealthContext(url, ProtocolType.HTTP)
    def probe():
        return hctx.is_healthy()
    hctx = httpclient.InferenceServerClient(url)
    return probe
'''
    assert _site_lines(source, "hctx.is_live()", "hctx.is_ready()", "hctx.is_alive()",
                       "hctx.is_healthy()") == [True, True, True, True]


def test_break_and_an_exception_mid_body_carry_the_v1_value_on() -> None:
    source = '''\
from tensorrtserver.api import ServerHealthContext, ProtocolType
import tritonclient.http as httpclient
def first_live(urls):
    for url in urls:
        hctx = ServerHealthContext(url, ProtocolType.HTTP)
        if hctx.is_live():
            break
        hctx = httpclient.InferenceServerClient(url)
    return hctx.after_break()
def fallback(url):
    try:
        hctx = ServerHealthContext(url, ProtocolType.HTTP)
        hctx = httpclient.InferenceServerClient(url)
    except OSError:
        return hctx.in_handler()
    return hctx.after_try()
'''
    assert _site_lines(source, "hctx.after_break()", "hctx.in_handler()", "hctx.after_try()") == [True, True, False]


def test_containers_and_parameters_belong_to_their_function() -> None:
    source = '''\
from tensorrtserver.api import InferContext, ProtocolType
import tritonclient.http as httpclient
def v1_pool(url):
    pool = [InferContext(url, ProtocolType.HTTP, "m")]
    for c in pool:
        c.close()
def v2_pool(url):
    pool = [httpclient.InferenceServerClient(url)]
    for c in pool:
        c.close_all()
def use(ctx):
    return ctx.run_v1()
def use2(ctx):
    return ctx.run_v2()
use(InferContext("u", ProtocolType.HTTP, "m"))
use2(httpclient.InferenceServerClient("u"))
def exported(ctx):
    return ctx.called_elsewhere()
'''
    # exported() has no caller in the file: its parameter is named like a V1 context of the file.
    assert _site_lines(source, "c.close()", "c.close_all()", "ctx.run_v1()", "ctx.run_v2()",
                       "ctx.called_elsewhere()") == [True, False, True, False, True]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))


def test_self_attributes_are_per_class_family() -> None:
    """``self.ctx`` of a class that holds a V2 client is not V1 because another class's ``self.ctx`` is;
    a subclass reading its base class's V1 attribute is, and so is an attribute set through another object."""
    text = '''\
from tensorrtserver.api import ServerStatusContext, ProtocolType
import tritonclient.http as httpclient


class Converted(object):
    def __init__(self, url):
        self.ctx = httpclient.InferenceServerClient(url)

    def close(self):
        self.ctx.close()


class Kept(object):
    def __init__(self, url):
        self.ctx = ServerStatusContext(url, ProtocolType.HTTP, "simple")

    def close(self):
        self.ctx.close()


class KeptChild(Kept):
    def again(self):
        self.ctx.get_server_status()


class Outside(object):
    def __init__(self):
        self.probe = None

    def read(self):
        self.probe.get_server_status()


holder = Outside()
holder.probe = ServerStatusContext("localhost:8000", ProtocolType.HTTP, "simple")
'''
    lines = set(v1_sites("x.py", text))
    assert 10 not in lines  # Converted.close: a V2 client
    assert {15, 18, 23, 31, 35} <= lines  # Kept, its subclass, and an attribute set from outside
