"""Generate V1 client programs in the shapes real V1 code has (issue 9).

A program is described by a :class:`Shape` (where the contexts live, which
contexts, how the protocol, headers, model version and sequence flags are
given) and rendered by :func:`render`. ``tests/test_v1_shapes_property.py``
draws shapes with hypothesis and checks the no-silent-breakage invariant on
what the tool makes of them. The programs only need to be valid V1 code (they
are never run); names and values are taken from the V1 client's signatures
(``tensorrtserver`` 1.11).
"""
from __future__ import annotations

import dataclasses

HOLDERS = ("local", "attribute", "helper", "factory", "list", "dict", "queue", "subclass", "module", "pairs",
           "container", "branches", "global", "model_branches", "method", "appended", "sequences", "sequences_kept")
# Contexts kept in a container (holder "container"), composed from four pieces: where the container
# lives, how it is filled, how its elements are read, and how it may leave what the tool can follow.
PLACES = ("local", "attribute", "factory", "helper")
FILLS = ("comp", "display", "append", "dict", "dict_assign", "queue")
READS = ("iterate", "enumerate", "index", "direct", "zip", "pairs")
ESCAPES = ("none", "mixed", "var_key", "returned", "passed")
KINDS = ("infer", "async", "health", "status", "listing", "control", "shm", "callback")
IMPORTS = ("star", "explicit", "alias")
PROTOCOLS = ("from_str", "literal_str", "enum")
HEADERS = ("absent", "none_var", "str_list", "bytes_list")
VERSIONS = ("absent", "minus_one", "minus_one_var", "none_var")
FLAGS = ("none", "start_end", "flag_var")

_CLASS = {"infer": "InferContext", "async": "InferContext", "callback": "InferContext", "health": "ServerHealthContext",
          "status": "ServerStatusContext", "listing": "ServerStatusContext", "control": "ModelControlContext",
          "shm": "SharedMemoryControlContext", "lastreq": "InferContext"}
#: Kinds drawn only by tests/test_lastreq_shapes.py (not by the main property's random draws).
EXTRA_KINDS = ("lastreq",)
#: Kinds drawn only by tests/test_rundicts_shapes.py: run() dicts whose form is known at run time (sequtil lane).
RUNDICTS_KINDS = ("rundicts",)
_CLASS["rundicts"] = "InferContext"
#: Kinds drawn only by tests/test_stream_shapes.py: async_run() on a streaming gRPC context (stress lane).
STREAM_KINDS = ("stream",)
_CLASS["stream"] = "InferContext"
#: Kinds drawn only by tests/test_statistics_shapes.py: a version status read for its statistics (stats lane).
STATS_KINDS = ("stats", "stats_batch")
_CLASS.update(dict.fromkeys(STATS_KINDS, "ServerStatusContext"))


@dataclasses.dataclass(frozen=True)
class Shape:
    holder: str = "local"
    kinds: tuple[str, ...] = ("infer",)
    imports: str = "star"
    protocol: str = "from_str"
    headers: str = "absent"
    version: str = "absent"
    flags: str = "none"
    use_with: bool = False
    place: str = "local"  # the container pieces (holder "container")
    fill: str = "comp"
    read: str = "iterate"
    escape: str = "none"

    def name(self) -> str:
        container = [self.place, self.fill, self.read, self.escape] if self.holder == "container" else \
            [self.escape] if self.holder == "model_branches" else []
        return "-".join([self.holder, *container, "+".join(self.kinds), self.imports, self.protocol, self.headers,
                         self.version, self.flags] + (["with"] if self.use_with else []))


def _q(imports: str, name: str) -> str:
    return "trt." + name if imports == "alias" else name


def _uses(shape: Shape, kind: str, var: str) -> list[str]:
    """Statements that use the context ``var`` of ``kind``."""
    q = lambda n: _q(shape.imports, n)  # noqa: E731
    if kind == "infer":
        flags = {"none": "", "start_end": ", flags=%s.FLAG_SEQUENCE_START | %s.FLAG_SEQUENCE_END"
                 % (q("InferRequestHeader"), q("InferRequestHeader")), "flag_var": ", flags=FLAGS_TO_SEND"}[shape.flags]
        return [
            "result = %s.run({'INPUT0': (np.arange(16, dtype=np.int32),), 'INPUT1': (np.ones(16, dtype=np.int32),)}," % var,
            "    {'OUTPUT0': %s.ResultFormat.RAW}, 1%s)" % (q("InferContext"), flags),
            "print(result['OUTPUT0'][0].sum())",
        ]
    if kind == "lastreq":  # the per-request state of the context and the result used as V1's dict
        return [
            "result = %s.run({'INPUT0': (np.arange(16, dtype=np.int32),), 'INPUT1': (np.ones(16, dtype=np.int32),)}," % var,
            "    {'OUTPUT0': %s.ResultFormat.RAW}, 1)" % q("InferContext"),
            "print(%s.get_last_request_model_name(), %s.get_last_request_model_version(), %s.correlation_id())"
            % (var, var, var),
            "print(len(result), 'OUTPUT0' in result, result)",
        ]
    if kind == "rundicts":  # run() dicts whose values take their form at run time (sequtil lane, runadapter)
        return [
            "if len(sys.argv) > 1:",
            "    info = [np.arange(16, dtype=np.int32)]",
            "    fmt = %s.ResultFormat.RAW" % q("InferContext"),
            "else:",
            "    info = (np.arange(16, dtype=np.int32),)",
            "    fmt = %s.ResultFormat.RAW" % q("InferContext"),
            "NAME = 'INPUT0'",
            "result = %s.run({NAME: info, 'INPUT1': [np.ones(16, dtype=np.int32)]}, {'OUTPUT0': fmt}, 1)" % var,
            "print(len(result), 'OUTPUT0' in result, result['OUTPUT0'][0].sum())",
        ]
    if kind == "async":
        # A V1 callback (ctx, request_id) that queues the id; the id is
        # collected later and its result fetched with get_async_run_results.
        return [
            "%s.async_run(on_complete, {'INPUT0': (np.arange(16, dtype=np.int32),), "
            "'INPUT1': (np.ones(16, dtype=np.int32),)}, {'OUTPUT1': %s.ResultFormat.RAW}, 1)" % (var, q("InferContext")),
            "result = %s.get_async_run_results(COMPLETED.get(timeout=60))" % var,
            "print(result['OUTPUT1'][0].sum())",
        ]
    if kind == "stream":
        # Two requests of one sequence sent on a streaming gRPC context before either result is read.
        ih = q("InferRequestHeader")
        return [
            "%s.async_run(on_complete, {'INPUT0': (np.arange(16, dtype=np.int32),), "
            "'INPUT1': (np.ones(16, dtype=np.int32),)}, {'OUTPUT1': %s.ResultFormat.RAW}, 1, flags=%s.FLAG_SEQUENCE_START)"
            % (var, q("InferContext"), ih),
            "%s.async_run(on_complete, {'INPUT0': (np.arange(16, dtype=np.int32),), "
            "'INPUT1': (np.ones(16, dtype=np.int32),)}, {'OUTPUT1': %s.ResultFormat.RAW}, 1, flags=%s.FLAG_SEQUENCE_END)"
            % (var, q("InferContext"), ih),
            "for _ in range(2):",
            "    result = %s.get_async_run_results(COMPLETED.get(timeout=60))" % var,
            "    print(result['OUTPUT1'][0].sum())",
        ]
    if kind == "callback":
        # A V1 callback (ctx, request_id) that fetches its own result (shapes2 lane).
        return [
            "%s.async_run(on_reply, {'INPUT0': (np.arange(16, dtype=np.int32),), "
            "'INPUT1': (np.ones(16, dtype=np.int32),)}, {'OUTPUT0': %s.ResultFormat.RAW}, 1)" % (var, q("InferContext")),
            "print(REPLIES.get(timeout=60))",
        ]
    if kind == "health":
        return ["print(%s.is_live(), %s.is_ready())" % (var, var)]
    if kind == "status":
        return ["status = %s.get_server_status()" % var,
                "print(status.model_status['simple'].config.max_batch_size)"]
    if kind == "listing":  # the server status read for metadata, the model listing and version states
        return ["status = %s.get_server_status()" % var,
                "print(status.version, status.id == 'inference:0', len(status.model_status), 'simple' in status.model_status)",
                "for version, vs in status.model_status['simple'].version_status.items():",
                "    print(version, vs.ready_state == server_status.MODEL_READY, vs.ready_state_reason.message)"]
    if kind == "stats":  # a version status named once: state, counters, successes of every batch size
        return ["status = %s.get_server_status()" % var,
                "vs = status.model_status['simple'].version_status[1]",
                "print(vs.ready_state == server_status.MODEL_READY, vs.model_execution_count, "
                "vs.last_inference_timestamp_milliseconds)",
                "print(sum(s.success.count for s in vs.infer_stats.values()))"]
    if kind == "stats_batch":  # infer_stats by request batch size: no exact V2 counterpart
        return ["status = %s.get_server_status()" % var,
                "vs = status.model_status['simple'].version_status[1]",
                "print(vs.model_execution_count)",
                "print(len(vs.infer_stats), vs.infer_stats[1].success.count)"]
    if kind == "control":
        return ["%s.unload('simple')" % var, "%s.load('simple')" % var]
    if kind == "shm":
        return ["%s.unregister_all()" % var]
    raise ValueError(kind)


def _ctor(shape: Shape, kind: str, url: str = "url", protocol: str = "protocol", model: str = "'simple'") -> str:
    if kind == "stream":  # V1 streamed over gRPC only
        return "%s(%s, %s.GRPC, %s, correlation_id=7, streaming=True, verbose=False)" % (
            _q(shape.imports, "InferContext"), url, _q(shape.imports, "ProtocolType"), model)
    args = [url, protocol]
    if kind in ("infer", "async", "status", "listing", "lastreq", "callback", "rundicts"):
        args.append(model)
    if kind in ("infer", "async", "lastreq", "callback", "rundicts"):
        version = {"absent": None, "minus_one": "-1", "minus_one_var": "MODEL_VERSION",
                   "none_var": "MODEL_VERSION"}[shape.version]
        if version is not None:
            args.append("model_version=" + version)
    args.append("verbose=False")
    headers = {"absent": None, "none_var": "HTTP_HEADERS", "str_list": "['X-Client:shapes']",
               "bytes_list": "[b'X-Client:shapes']"}[shape.headers]
    if headers is not None:
        args.append("http_headers=" + headers)
    return "%s(%s)" % (_q(shape.imports, _CLASS[kind]), ", ".join(args))


def _protocol_expr(shape: Shape) -> str:
    if shape.protocol == "from_str":
        return "%s.from_str(sys.argv[2] if len(sys.argv) > 2 else 'http')" % _q(shape.imports, "ProtocolType")
    if shape.protocol == "literal_str":
        return "%s.from_str('grpc')" % _q(shape.imports, "ProtocolType")
    return "%s.HTTP" % _q(shape.imports, "ProtocolType")


def _indent(lines: list[str], n: int) -> list[str]:
    return [(" " * n + line) if line else line for line in lines]


def _fill(shape: Shape, kind: str, c: str) -> list[str]:
    """Statements that build the container ``c`` of two contexts (the second of another model when mixed)."""
    one = _ctor(shape, kind)
    two = _ctor(shape, kind, model="'simple_nobatch'") if shape.escape == "mixed" else one
    if shape.fill == "comp":
        if shape.escape == "mixed":
            return ["%s = [%s for name in ('simple', 'simple_nobatch')]" % (c, _ctor(shape, kind, model="name"))]
        return ["%s = [%s for _ in range(2)]" % (c, one)]
    if shape.fill == "display":
        return ["%s = [%s, %s]" % (c, one, two)]
    if shape.fill == "append":
        return ["%s = []" % c, "%s.append(%s)" % (c, one), "%s.append(%s)" % (c, two)]
    if shape.fill == "dict":
        return ["%s = {'main': %s, 'spare': %s}" % (c, one, two)]
    if shape.fill == "dict_assign":
        return ["%s = {}" % c, "%s['main'] = %s" % (c, one), "%s['spare'] = %s" % (c, two)]
    return ["%s = queue.Queue()" % c, "%s.put(%s)" % (c, one), "%s.put(%s)" % (c, two)]


def _read(shape: Shape, kind: str, c: str, var: str) -> list[str]:
    """Statements that take contexts out of the container ``c`` and use them."""
    is_dict, is_queue = shape.fill in ("dict", "dict_assign"), shape.fill == "queue"
    key = "KEY" if shape.escape == "var_key" else "'main'" if is_dict else "0"
    if shape.read == "direct":  # the element used where it is read: c[0].run(...), c.get().run(...)
        return _uses(shape, kind, "%s.get()" % c if is_queue else "%s[%s]" % (c, key))
    if shape.read == "index" or (is_queue and shape.read == "enumerate"):
        taken = "%s.get()" % c if is_queue else "%s[%s]" % (c, key)
        return ["%s = %s" % (var, taken)] + _uses(shape, kind, var) + (["%s.put(%s)" % (c, var)] if is_queue else [])
    if shape.read == "zip" and not is_queue:  # the contexts read beside another sequence (request ids, tags)
        source = "%s.values()" % c if is_dict else c
        return ["for %s, tag in zip(%s, range(2)):" % (var, source), "    print(tag)"] + _indent(_uses(shape, kind, var), 4)
    if shape.read == "pairs":  # each element kept in a tuple with a tag (a request id), the tuples read later
        source = "%s.values()" % c if is_dict else c
        if is_queue:
            fill = ["while not %s.empty():" % c, "    %s = %s.get()" % (var, c), "    pending.append((%s, 0))" % var]
        else:
            fill = ["for %s in %s:" % (var, source), "    pending.append((%s, len(pending)))" % var]
        return ["pending = []"] + fill + ["for %s, tag in pending:" % var, "    print(tag)"] \
            + _indent(_uses(shape, kind, var), 4)
    if is_queue:
        return ["while not %s.empty():" % c, "    %s = %s.get()" % (var, c)] + _indent(_uses(shape, kind, var), 4)
    source = "%s.values()" % c if is_dict else c
    if shape.read == "enumerate":
        return ["for index, %s in enumerate(%s):" % (var, source), "    print(index)"] + _indent(_uses(shape, kind, var), 4)
    return ["for %s in %s:" % (var, source)] + _indent(_uses(shape, kind, var), 4)


def _container(shape: Shape, kind: str, i: int) -> tuple[list[str], list[str]]:
    """(module-level definitions, statements of main) for a container of contexts of ``kind``."""
    c, var = "pool%d" % i, "ctx%d" % i
    tail = ["keep(%s)" % c] if shape.escape == "passed" else []
    if shape.place == "attribute":
        cls = "Pool%d" % i
        fill = [line.replace(c, "self.%s" % c) for line in _fill(shape, kind, c)]
        read = [line.replace(c, "self.%s" % c) for line in _read(shape, kind, c, var)]
        defs = ["class %s(object):" % cls, "    def __init__(self, url, protocol):"] + _indent(fill, 8) + \
            ["", "    def work(self):"] + _indent(read + [t.replace(c, "self.%s" % c) for t in tail], 8) + ["", ""]
        return defs, ["holder%d = %s(url, protocol)" % (i, cls), "holder%d.work()" % i]
    if shape.place == "factory":
        defs = ["def make_pool%d(url, protocol):" % i] + _indent(_fill(shape, kind, c) + ["return %s" % c], 4) + ["", ""]
        return defs, ["%s = make_pool%d(url, protocol)" % (c, i)] + _read(shape, kind, c, var) + tail
    if shape.place == "helper":
        defs = ["def work%d(%s):" % (i, c)] + _indent(_read(shape, kind, c, var), 4) + ["", ""]
        return defs, _fill(shape, kind, c) + ["work%d(%s)" % (i, c)] + tail
    returned = ["return %s" % c] if shape.escape == "returned" else []
    return [], _fill(shape, kind, c) + _read(shape, kind, c, var) + tail + returned


def render(shape: Shape) -> str:
    out = ["import sys", "import queue", "", "import numpy as np"]
    names = sorted({_CLASS[k] for k in shape.kinds} | {"ProtocolType", "InferContext", "InferRequestHeader"})
    if shape.imports == "star":
        out.append("from tensorrtserver.api import *")
    elif shape.imports == "explicit":
        out.append("from tensorrtserver.api import %s" % ", ".join(names))
    else:
        out.append("import tensorrtserver.api as trt")
    if "listing" in shape.kinds or "stats" in shape.kinds:
        out.append("import tensorrtserver.api.server_status_pb2 as server_status")
    if shape.holder == "container" and shape.escape == "passed":
        out.append("from registry import keep")
    out.append("")
    if shape.holder in ("container", "model_branches") and shape.escape == "var_key":
        out.append("KEY = sys.argv[3] if len(sys.argv) > 3 else 'main'")
    if shape.version in ("minus_one_var",):
        out.append("MODEL_VERSION = -1")
    elif shape.version == "none_var":
        out.append("MODEL_VERSION = None")
    if shape.headers == "none_var":
        out.append("HTTP_HEADERS = None")
    if "async" in shape.kinds or "stream" in shape.kinds:
        out += ["COMPLETED = queue.Queue()", "", "", "def on_complete(ctx, request_id):",
                "    COMPLETED.put(request_id)", "", ""]
    if "callback" in shape.kinds:
        out += ["REPLIES = queue.Queue()", "", "", "def on_reply(ctx, request_id):",
                "    reply = ctx.get_async_run_results(request_id, True)",
                "    REPLIES.put(int(reply['OUTPUT0'][0].sum()))", "", ""]
    if shape.holder == "sequences_kept":
        out.append("KEPT = []")
    if shape.flags == "flag_var":
        out.append("FLAGS_TO_SEND = %s.FLAG_SEQUENCE_START" % _q(shape.imports, "InferRequestHeader"))
    out.append("")
    body: list[str] = []  # statements of main(), after url/protocol
    h = shape.holder
    for i, kind in enumerate(shape.kinds):
        var = "ctx%d" % i
        uses = _uses(shape, kind, var)
        if h == "local" and shape.use_with:
            body.append("with %s as %s:" % (_ctor(shape, kind), var))
            body += _indent(uses, 4)
        elif h == "local":
            body.append("%s = %s" % (var, _ctor(shape, kind)))
            body += uses + ["%s.close()" % var]
        elif h == "module":
            out.append("%s = %s" % (var.upper(), _ctor(shape, kind, "'localhost:8000'", _protocol_expr(shape))))
            body += _uses(shape, kind, var.upper())
        elif h == "attribute":
            cls = "Client%d" % i
            out += ["class %s(object):" % cls,
                    "    def __init__(self, url, protocol):",
                    "        self.ctx = %s" % _ctor(shape, kind),
                    "",
                    "    def work(self):"]
            out += _indent(_uses(shape, kind, "self.ctx"), 8)
            out += ["", "    def close(self):", "        self.ctx.close()", "", ""]
            body += ["client%d = %s(url, protocol)" % (i, cls), "client%d.work()" % i, "client%d.close()" % i]
        elif h == "helper":
            out += ["def work%d(%s):" % (i, var)] + _indent(_uses(shape, kind, var), 4) + ["", ""]
            body += ["%s = %s" % (var, _ctor(shape, kind)), "work%d(%s)" % (i, var), "%s.close()" % var]
        elif h == "method":  # a helper method called through self (stream lane): ``self.work(ctx)``
            out += ["class Tests%d(object):" % i, "    def work(self, %s):" % var]
            out += _indent(_uses(shape, kind, var), 8)
            out += ["", "    def run_all(self):",  # url and protocol chosen here, as main() does
                    "        url = sys.argv[1] if len(sys.argv) > 1 else 'localhost:8000'",
                    "        protocol = %s" % _protocol_expr(shape), "        %s = %s" % (var, _ctor(shape, kind)),
                    "        self.work(%s)" % var, "        %s.close()" % var, "", ""]
            body += ["Tests%d().run_all()" % i]
        elif h == "factory":
            out += ["def make%d(url, protocol):" % i, "    return %s" % _ctor(shape, kind), "", ""]
            body += ["%s = make%d(url, protocol)" % (var, i)] + uses + ["%s.close()" % var]
        elif h == "branches":  # a factory with several returns: early None, two branches (mixed: two models)
            one = _ctor(shape, kind)
            two = _ctor(shape, kind, model="'simple_nobatch'") if shape.escape == "mixed" \
                else one.replace("verbose=False", "verbose=True")
            out += ["def make%d(url, protocol, loud=False):" % i, "    if not url:", "        return None",
                    "    if loud:", "        return %s" % two, "    return %s" % one, "", ""]
            body += ["%s = make%d(url, protocol)" % (var, i)] + uses + ["%s.close()" % var]
        elif h == "model_branches":  # a factory picking the model by a kind (shapes2): literal or run-time
            wide = _ctor(shape, kind, model="'simple_nobatch'")
            out += ["def make%d(url, protocol, kind):" % i, "    if kind == 'wide':", "        return %s" % wide,
                    "    elif kind in ('main', 'default'):", "        return %s" % _ctor(shape, kind),
                    "    raise ValueError(kind)", "", ""]
            picked = "KEY" if shape.escape == "var_key" else "'main'"
            body += ["%s = make%d(url, protocol, %s)" % (var, i, picked)] + uses + ["%s.close()" % var]
        elif h == "list":
            body += ["contexts%d = [%s for _ in range(2)]" % (i, _ctor(shape, kind)),
                     "for %s in contexts%d:" % (var, i)] + _indent(uses, 4)
        elif h == "dict":
            body += ["contexts%d = {'main': %s}" % (i, _ctor(shape, kind)),
                     "%s = contexts%d['main']" % (var, i)] + uses
        elif h == "queue":
            body += ["pool%d = queue.Queue()" % i, "pool%d.put(%s)" % (i, _ctor(shape, kind)),
                     "%s = pool%d.get()" % (var, i)] + uses + ["pool%d.put(%s)" % (i, var)]
        elif h == "pairs":  # (url, ProtocolType) rows of a literal list, one context per row
            rows = "[(url, %s.HTTP), (url, %s.GRPC)]" % (_q(shape.imports, "ProtocolType"), _q(shape.imports, "ProtocolType"))
            body += ["for pair in %s:" % rows, "    %s = %s" % (var, _ctor(shape, kind, "pair[0]", "pair[1]"))]
            body += _indent(uses, 4)
            if shape.escape == "mixed" and i == 0:  # beside it, a context of the pair that stays V1 (get_stat())
                body += ["    kept = %s" % _ctor(shape, "infer", "pair[0]", "pair[1]"), "    print(kept.get_stat())"]
        elif h == "appended":  # (url, ProtocolType, streaming) rows appended to a list, one context per row
            pt = _q(shape.imports, "ProtocolType")
            body += ["rows%d = []" % i, "rows%d.append((url, %s.HTTP, False))" % (i, pt),
                     "rows%d.append((url, %s.GRPC, True))" % (i, pt)]
            if shape.escape == "passed":  # the rows leave what the tool follows: they and the contexts stay V1
                body += ["print(rows%d)" % i]
            body += ["for row in rows%d:" % i, "    %s = %s" % (var, _ctor(shape, kind, "row[0]", "row[1]"))]
            body += _indent(uses, 4)
            if shape.escape == "mixed" and i == 0:  # beside it, a context of the row that stays V1 (get_stat())
                body += ["    kept = %s" % _ctor(shape, "infer", "row[0]", "row[1]"), "    print(kept.get_stat())"]
        elif h == "global":  # url and protocol: module globals set in the branches of `if __name__`, read here
            out += ["def work%d():" % i, "    %s = %s" % (var, _ctor(shape, kind, "URL", "PROTOCOL"))]
            out += _indent(uses + ["%s.close()" % var], 4) + ["", ""]
            body += ["work%d()" % i]
            if shape.escape == "mixed" and i == 0:  # beside them, a context that stays V1 (get_stat())
                out += ["def stats():", "    kept = %s" % _ctor(shape, "infer", "URL", "PROTOCOL"),
                        "    print(kept.get_stat())", "", ""]
                body += ["stats()"]
        elif h in ("sequences", "sequences_kept"):  # contexts appended to a list, one correlation id each
            # (stress lane); an element picked by index goes through a relay helper to the one that uses it;
            # kept: the helper also keeps the context where the tool does not follow it (stays V1)
            ctor = _ctor(shape, kind).replace("correlation_id=7", "correlation_id=7 + k")
            out += ["def work%d(%s):" % (i, var)] + _indent(uses, 4)
            out += (["    KEPT.append(%s)" % var] if h == "sequences_kept" else []) + ["", ""]
            out += ["def relay%d(%s, label):" % (i, var), "    work%d(%s)" % (i, var), "", ""]
            body += ["seqs%d = []" % i, "for k in range(2):", "    seqs%d.append(%s)" % (i, ctor),
                     "for k in range(2):", "    relay%d(seqs%d[k], 'sequence')" % (i, i)]
        elif h == "container":
            defs, statements = _container(shape, kind, i)
            out += defs
            body += statements
        elif h == "subclass":
            base = _q(shape.imports, _CLASS[kind])
            ctor = _ctor(shape, kind)
            args = ctor[ctor.index("(") + 1:-1]
            cls = "My%s" % _CLASS[kind]
            if [_CLASS[k] for k in shape.kinds].count(_CLASS[kind]) > 1:  # two kinds of one class: two classes
                cls += str(i)
            out += ["class %s(%s):" % (cls, base),
                    "    def __init__(self, url, protocol):",
                    "        %s.__init__(self, %s)" % (base, args),
                    "",
                    "    def work(self):"]
            out += _indent(_uses(shape, kind, "self"), 8) + ["", ""]
            body += ["%s = %s(url, protocol)" % (var, cls), "%s.work()" % var, "%s.close()" % var]
        else:
            raise ValueError(h)
    out += ["def main():",
            "    url = sys.argv[1] if len(sys.argv) > 1 else 'localhost:8000'",
            "    protocol = %s" % _protocol_expr(shape)]
    out += _indent(body, 4)
    out += ["", "", "if __name__ == '__main__':"]
    if h == "global":
        out += ["    URL = sys.argv[1] if len(sys.argv) > 1 else 'localhost:8000'",
                "    if sys.argv[2:3] == ['grpc']:",
                "        PROTOCOL = %s.GRPC" % _q(shape.imports, "ProtocolType"),
                "    else:",
                "        PROTOCOL = %s" % _protocol_expr(shape)]
    out += ["    main()", ""]
    return "\n".join(out)
