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
#: Where the context goes once built: used in place, handed to a helper, built by a factory, kept in a list, a
#: dict, a queue, or an object's attribute.
CONTEXT_HOLDERS = ("direct", "helper", "factory", "list", "dict", "queue", "object")


@dataclasses.dataclass(frozen=True)
class Program:
    holder: str = "local_from_str"
    place: str = "assign"
    kind: str = "health"
    read_protocol: bool = False  # the protocol value is also printed (it must then stay a ProtocolType)
    ctx_holder: str = "direct"

    def name(self) -> str:
        return "-".join([self.holder, self.place, self.kind, self.ctx_holder] + (["read"] if self.read_protocol else []))


def _use(kind: str, var: str) -> list[str]:
    if kind == "health":
        return ['print("OK live", %s.is_live())' % var]
    return ["x = np.arange(16, dtype=np.int32)",
            'result = %s.run({"INPUT0": (x,), "INPUT1": (x,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)' % var,
            'print("OK sum", int(result["OUTPUT0"][0].sum()))']


def _held(program: Program) -> list[str]:
    """Statements that use ``ctx`` through the program's context holder."""
    h = program.ctx_holder
    if h in ("direct", "factory"):
        return _use(program.kind, "ctx")
    if h == "helper":
        return ["use_context(ctx)"]
    if h == "list":
        return ["contexts = [ctx]", "for c in contexts:"] + ["    " + u for u in _use(program.kind, "c")]
    if h == "dict":
        return ['contexts = {"main": ctx}'] + _use(program.kind, 'contexts["main"]')
    if h == "queue":
        return ["waiting = queue.Queue()", "waiting.put(ctx)", "c = waiting.get()"] + _use(program.kind, "c")
    return ["Holder(ctx).use()"]


def _helpers(program: Program) -> list[str]:
    """Module-level definitions the context holder needs."""
    h = program.ctx_holder
    if h == "helper":
        return ["def use_context(context):"] + ["    " + u for u in _use(program.kind, "context")] + ["", ""]
    if h == "factory":
        cls = "ServerHealthContext(url, protocol)" if program.kind == "health" else \
            'InferContext(url, protocol, "simple")'
        return ["def make_context(url, protocol):", "    return " + cls, "", ""]
    if h == "object":
        return ["class Holder:", "    def __init__(self, context):", "        self.context = context", "",
                "    def use(self):"] + ["        " + u for u in _use(program.kind, "self.context")] + ["", ""]
    return []


def _body(program: Program, url: str, proto: str) -> list[str]:
    """Statements (unindented) that build the context from ``url`` / ``proto`` and use it."""
    if program.ctx_holder == "factory":
        ctor = "make_context(%s, %s)" % (url, proto)
    elif program.kind == "health":
        ctor = "ServerHealthContext(%s, %s)" % (url, proto)
    else:
        ctor = 'InferContext(%s, %s, "simple")' % (url, proto)
    use = _held(program)
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
    head = ["import queue", "import sys", "", "import numpy as np", "from tensorrtserver.api import *", "",
            "URL, NAME = sys.argv[1], sys.argv[2]", "", ""] + _helpers(program)
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
    return [Program(h, p, k, r, c) for h in HOLDERS for p in PLACES for k in KINDS for r in (False, True)
            for c in CONTEXT_HOLDERS]
