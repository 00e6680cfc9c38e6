"""Generate small V1 programs that keep the protocol and the context in the shapes real code uses.

Used by ``tests/test_protocol_holder_run.py``. A program takes ``URL PROTOCOL`` on its command line and prints
``OK ...`` lines; it is valid V1 code (run here against the V1 stand-in of ``tests/v1_standin``). The shapes
are those that broke in the 0.11 line (each converted the contexts while the protocol value kept the enum, or
left a V1 call on a converted client): the protocol kept on ``self`` (from ``from_str``, from a parameter,
unpacked), in a class attribute, a dict, a row passed to a helper, an unpacked or global assignment; the
context built in a conditional expression, a walrus or a parameter default.
"""
from __future__ import annotations

import dataclasses

HOLDERS = ("local_from_str", "enum_choice", "dict", "unpacked", "param", "rows_param", "self_from_str",
           "self_from_param", "self_unpacked", "class_attr", "global_set")
PLACES = ("assign", "ifexp", "walrus", "default")
KINDS = ("health", "infer")


@dataclasses.dataclass(frozen=True)
class Program:
    holder: str = "local_from_str"
    place: str = "assign"
    kind: str = "health"
    read_protocol: bool = False  # the protocol value is also printed (it must then stay a ProtocolType)

    def name(self) -> str:
        return "-".join([self.holder, self.place, self.kind] + (["read"] if self.read_protocol else []))


def _body(program: Program, url: str, proto: str) -> list[str]:
    """Statements (unindented) that build the context from ``url`` / ``proto`` and use it."""
    if program.kind == "health":
        ctor = "ServerHealthContext(%s, %s)" % (url, proto)
        use = ['print("OK live", ctx.is_live())']
    else:
        ctor = 'InferContext(%s, %s, "simple")' % (url, proto)
        use = ["x = np.arange(16, dtype=np.int32)",
               'result = ctx.run({"INPUT0": (x,), "INPUT1": (x,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)',
               'print("OK sum", int(result["OUTPUT0"][0].sum()))']
    lines = ['print("uses", int(%s))' % proto] if program.read_protocol else []
    if program.place == "assign":
        return lines + ["ctx = " + ctor] + use
    if program.place == "ifexp":
        return lines + ["ctx = %s if %s else None" % (ctor, url)] + use
    if program.place == "walrus":
        return lines + ["if (ctx := %s) is not None:" % ctor] + ["    " + u for u in use]
    return lines + ["def go_with(ctx=%s):" % ctor] + ["    " + u for u in use] + ["go_with()"]


def _indent(lines: list[str], by: int) -> list[str]:
    return [" " * by + line for line in lines]


def render(program: Program) -> str:
    head = ["import sys", "", "import numpy as np", "from tensorrtserver.api import *", "",
            "URL, NAME = sys.argv[1], sys.argv[2]", ""]
    h = program.holder
    if h == "local_from_str":
        code = ["protocol = ProtocolType.from_str(NAME)"] + _body(program, "URL", "protocol")
    elif h == "enum_choice":
        code = ['protocol = ProtocolType.HTTP if NAME == "http" else ProtocolType.GRPC'] + \
            _body(program, "URL", "protocol")
    elif h == "dict":
        code = ['PROTOCOLS = {"http": ProtocolType.HTTP, "grpc": ProtocolType.GRPC}'] + \
            _body(program, "URL", "PROTOCOLS[NAME]")
    elif h == "unpacked":
        code = ["url, protocol = URL, ProtocolType.from_str(NAME)"] + _body(program, "url", "protocol")
    elif h == "param":
        code = ["def go(url, protocol):"] + _indent(_body(program, "url", "protocol"), 4) + \
            ["", "", "go(URL, ProtocolType.from_str(NAME))"]
    elif h == "rows_param":
        code = ["CONFIGS = [(URL, ProtocolType.from_str(NAME))]", "", "", "def go(config):"] + \
            _indent(_body(program, "config[0]", "config[1]"), 4) + ["", "", "for config in CONFIGS:", "    go(config)"]
    elif h == "global_set":
        code = ["PROTOCOL = None", "", "", "def setup(name):", "    global PROTOCOL",
                "    PROTOCOL = ProtocolType.from_str(name)", "", "", "def go():"] + \
            _indent(_body(program, "URL", "PROTOCOL"), 4) + ["", "", "setup(NAME)", "go()"]
    else:
        if h == "class_attr":
            init = ["    protocol = ProtocolType.from_str(NAME)", "", "    def __init__(self, url):",
                    "        self.url = url"]
            make = "Runner(URL).go()"
        elif h == "self_from_str":
            init = ["    def __init__(self, url, name):", "        self.url = url",
                    "        self.protocol = ProtocolType.from_str(name)"]
            make = "Runner(URL, NAME).go()"
        elif h == "self_from_param":
            init = ["    def __init__(self, url, protocol):", "        self.url = url", "        self.protocol = protocol"]
            make = "Runner(URL, ProtocolType.from_str(NAME)).go()"
        elif h == "self_unpacked":
            init = ["    def __init__(self, url, name):",
                    "        self.url, self.protocol = url, ProtocolType.from_str(name)"]
            make = "Runner(URL, NAME).go()"
        else:
            raise ValueError(h)
        code = ["class Runner:"] + init + ["", "    def go(self):"] + \
            _indent(_body(program, "self.url", "self.protocol"), 8) + ["", "", make]
    return "\n".join(head + code) + "\n"


def all_programs() -> list[Program]:
    return [Program(h, p, k, r) for h in HOLDERS for p in PLACES for k in KINDS for r in (False, True)]
