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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
