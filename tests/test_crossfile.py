"""The run-wide first pass (triton_migrate.crossfile): the index, the decisions, the views, the check."""
from __future__ import annotations

import textwrap

from triton_migrate import crossfile
from triton_migrate.crossfile import dotted_names, index_source
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

HELPERS = textwrap.dedent('''\
    from tensorrtserver.api import InferContext, ServerHealthContext

    __all__ = ["ready", "send", "make", "Client", "forward"]


    def ready(url, protocol):
        ctx = ServerHealthContext(url, protocol)
        return ctx.is_ready()


    def forward(url, proto):
        return ready(url, proto)


    def send(ctx, value):
        return ctx.run({"IN": (value,)}, {"OUT": InferContext.ResultFormat.RAW}, 1)


    def make(url, protocol):
        made = InferContext(url, protocol, "simple")
        return made


    def _private(url, protocol):
        return ServerHealthContext(url, protocol)


    class Client:
        def __init__(self, url, protocol):
            self.ctx = InferContext(url, protocol, "simple")

        def close(self):
            self.ctx.close()
    ''')

CALLER = textwrap.dedent('''\
    from tensorrtserver.api import InferContext, ProtocolType
    from pkg.helpers import ready, Client
    import pkg.helpers as h
    from pkg import helpers


    def main(url):
        protocol = ProtocolType.from_str("grpc")
        ready(url, protocol)
        ctx = InferContext(url, ProtocolType.HTTP, "simple")
        h.send(ctx, 1)
        got = helpers.make(url, "http")
        Client(url, protocol=ProtocolType.GRPC)
    ''')


def _index(files: dict[str, str]) -> crossfile.RunIndex:
    index = crossfile.build((path, path, text) for path, text in files.items())
    index.decide(files)
    return index


def test_dotted_names_are_every_suffix() -> None:
    assert dotted_names("app/pkg/helpers.py") == ("app.pkg.helpers", "pkg.helpers", "helpers")
    assert dotted_names("pkg/__init__.py") == ("pkg",)
    assert dotted_names("../x/my-dir/mod.py") == ("mod",)


def test_index_finds_v1_parameters_returns_and_exports() -> None:
    info = index_source(HELPERS, "pkg/helpers.py", dotted_names("pkg/helpers.py"))
    assert info is not None
    assert info.functions["ready"].protocol_params == {"protocol": [7]}
    assert info.functions["forward"].protocol_params == {"proto": [7]}  # passed on to ready() in the file
    assert info.functions["send"].context_params == {"ctx"}
    assert info.functions["make"].returns == [20]  # through a name assigned once
    assert info.functions["Client"].params == ("url", "protocol")  # a call of the class is one of __init__
    assert info.functions["Client"].protocol_params == {"protocol": [30]}
    assert not info.functions["Client.close"].v1
    assert info.functions["ready"].local_calls == 1  # from forward()
    assert info.functions["ready"].exported and not info.functions["_private"].exported


def test_index_finds_cross_module_calls_and_what_they_pass() -> None:
    info = index_source(CALLER, "main.py", ("main",))
    assert info is not None
    calls = {(c.module, c.name): c for c in info.calls}
    assert calls[("pkg.helpers", "ready")].positional == [("param:url", None), ("protocol", None)]  # url: main()'s own
    assert calls[("pkg.helpers", "send")].positional[0] == ("context", 10)  # the constructor's line
    assert calls[("pkg.helpers", "send")].func_text == "h.send"
    assert calls[("pkg.helpers", "make")].receives and not calls[("pkg.helpers", "send")].receives
    assert calls[("pkg.helpers", "Client")].keywords == {"protocol": ("protocol", None)}


def test_decisions_convert_protocols_together_and_keep_contexts_and_factories() -> None:
    index = _index({"pkg/helpers.py": HELPERS, "main.py": CALLER})
    ready = index.decisions[("pkg/helpers.py", "ready")]
    assert ready.convert == {"protocol"} and not ready.keep
    client = index.decisions[("pkg/helpers.py", "Client")]
    assert client.convert == {"protocol"}
    send = index.decisions[("pkg/helpers.py", "send")]
    assert "context:ctx" in send.keep and "main.py" in send.keep["context:ctx"]
    make = index.decisions[("pkg/helpers.py", "make")]
    assert "returns" in make.keep and "protocol:protocol" in make.keep  # "http" is not a ProtocolType either way
    caller = index.view("main.py")
    assert caller.module_params == {"ready": (("url", "protocol"), frozenset({"protocol"})),
                                    "Client": (("url", "protocol"), frozenset({"protocol"}))}
    assert 10 in caller.freeze  # the context handed to send() stays V1
    helper = index.view("pkg/helpers.py")
    assert 20 in helper.freeze and 7 not in helper.freeze
    found = {(f.path, f.line) for f in index.findings("main.py", CALLER)} | \
        {(f.path, f.line) for f in index.findings("pkg/helpers.py", HELPERS)}
    assert {("main.py", 11), ("main.py", 12), ("pkg/helpers.py", 15), ("pkg/helpers.py", 19)} <= found
    assert ("main.py", 9) not in found  # converted together: nothing for a person


def test_a_caller_outside_the_run_keeps_the_helper_v1() -> None:
    index = crossfile.build([("pkg/helpers.py", "pkg/helpers.py", HELPERS), ("main.py", "main.py", CALLER)])
    index.decide(["pkg/helpers.py"])  # main.py is only read (pre-commit passed the helper alone)
    assert "main.py calls it and is not migrated in this run" in index.decisions[("pkg/helpers.py", "ready")].keep[
        "protocol:protocol"]
    assert 7 in index.view("pkg/helpers.py").freeze


def test_unresolved_and_ambiguous_imports_make_no_decision() -> None:
    other = "from tensorrtserver.api import ProtocolType\nfrom elsewhere import ready\nready('u', ProtocolType.HTTP)\n"
    index = _index({"pkg/helpers.py": HELPERS, "a/helpers.py": HELPERS,
                    "main.py": other, "b.py": "from tensorrtserver.api import ProtocolType\n"
                    "import helpers\nhelpers.ready('u', ProtocolType.HTTP)\n"})
    assert not index.decisions  # `elsewhere` is not in the run; `helpers` is two modules


def test_the_check_flips_a_helper_whose_caller_stayed_v1() -> None:
    index = _index({"pkg/helpers.py": HELPERS, "main.py": CALLER})
    converted = HELPERS.replace("ServerHealthContext(url, protocol)", "protocol.InferenceServerClient(url)")
    assert index.check({"pkg/helpers.py": converted, "main.py": CALLER}) == [("pkg/helpers.py", "ready")]
    index.decide(index.migrating)
    assert "protocol:protocol" in index.decisions[("pkg/helpers.py", "ready")].keep
    both = CALLER.replace('ProtocolType.from_str("grpc")', "grpcclient")
    fresh = _index({"pkg/helpers.py": HELPERS, "main.py": CALLER})
    assert ("pkg/helpers.py", "ready") not in fresh.check({"pkg/helpers.py": converted, "main.py": both})


def test_migrate_text_without_a_view_behaves_as_before() -> None:
    plain = migrate_text(HELPERS, "pkg/helpers.py", Settings())
    index = _index({"pkg/helpers.py": HELPERS, "main.py": CALLER})
    viewed = migrate_text(HELPERS, "pkg/helpers.py",
                          Settings(extra={crossfile.VIEW: index.view("pkg/helpers.py")}))
    assert "protocol.InferenceServerClient(url)" in plain.new  # ready() has a call in the file only
    assert "return protocol.InferenceServerClient" not in viewed.new or "made = InferContext" in viewed.new
    assert "made = InferContext(url, protocol" in viewed.new  # make() stays V1: main.py uses what it returns
    assert "made = protocol.InferenceServerClient" in plain.new


def test_exported_uncalled_helper_gets_a_hint_once_converted() -> None:
    index = _index({"pkg/helpers.py": HELPERS})
    assert [f.qualname for f in index.uncalled("pkg/helpers.py")] == ["forward", "make", "Client"]
    new = migrate_text(HELPERS, "pkg/helpers.py", Settings()).new
    hints = index.hints("pkg/helpers.py", new)
    assert [(h.line, h.applied) for h in hints] == [(11, True), (19, True), (29, True)]
    assert "no file of this run calls it" in hints[1].message and "V2 `InferenceServerClient`" in hints[1].message
    assert "`proto` now takes a client module" in hints[0].message


def test_first_pass_reads_callers_that_name_no_v1_api(tmp_path) -> None:
    """A factory's caller may name no V1 name at all (it passes a protocol name as a string): the first pass
    finds it by the helper's name, and the factory stays V1 with findings on both sides."""
    from triton_migrate.runner import discover, first_pass, run

    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "factory.py").write_text(
        "from tensorrtserver.api import InferContext, ProtocolType\n\n\n"
        "def make(url, protocol_name):\n"
        "    return InferContext(url, ProtocolType.from_str(protocol_name), 'simple')\n")
    (tmp_path / "app.py").write_text("from lib.factory import make\n\nctx = make('localhost:8000', 'grpc')\n"
                                     "ctx.run({}, {}, 1)\n")
    (tmp_path / "other.py").write_text("print('nothing to do')\n")
    targets, _ = discover([str(tmp_path)], tmp_path, Settings())
    _, index = first_pass(targets, Settings())
    assert set(index.modules) == {str(tmp_path / "lib" / "factory.py"), str(tmp_path / "app.py")}
    results = {r.path.rsplit("/", 1)[-1]: r for r in run(targets, Settings(), write=True, keep_text=False, jobs=1)}
    assert results["factory.py"].status == "unchanged"
    assert "InferContext(url" in (tmp_path / "lib" / "factory.py").read_text()
    assert [f.line for f in results["app.py"].findings if "factory.py" in f.message] == [3]
    assert any("other files (" in f.message and "app.py)" in f.message for f in results["factory.py"].findings)


CTX_HELPERS = textwrap.dedent('''\
    import tensorrtserver.shared_memory as shm


    def ready(health_ctx):
        return health_ctx.is_ready()


    def register(shm_ctx, name, size):
        handle = shm.create_shared_memory_region(name, "/" + name, size)
        shm_ctx.register(handle)
        return handle


    def keep(control_ctx):
        control_ctx.load("simple")
        return control_ctx
    ''')

CTX_CALLER = textwrap.dedent('''\
    from tensorrtserver.api import ModelControlContext, ProtocolType, ServerHealthContext
    from tensorrtserver.api import SharedMemoryControlContext
    from pkg import ops


    def main(url):
        health = ServerHealthContext(url, ProtocolType.HTTP)
        print(ops.ready(health))
        shm_ctx = SharedMemoryControlContext(url, ProtocolType.GRPC)
        ops.register(shm_ctx, "in", 64)
        control = ModelControlContext(url, ProtocolType.HTTP)
        ops.keep(control)
    ''')


def test_modelless_context_parameters_convert_with_their_callers() -> None:
    """A helper taking a health / shared-memory / model-control context converts with callers in other
    modules when every use of the parameter is a method the class converts; anything else keeps both V1."""
    index = _index({"pkg/ops.py": CTX_HELPERS, "main.py": CTX_CALLER})
    ready, register, keep = (index.decisions[("pkg/ops.py", n)] for n in ("ready", "register", "keep"))
    assert ready.convert_ctx == {"health_ctx": "ServerHealthContext"} and not ready.keep
    assert register.convert_ctx == {"shm_ctx": "SharedMemoryControlContext"}
    assert not keep.convert_ctx and "for more than ModelControlContext method calls" in keep.keep["context:control_ctx"]
    view = index.view("pkg/ops.py")
    assert view.context_params == {"ready": {"health_ctx": "ServerHealthContext"},
                                   "register": {"shm_ctx": "SharedMemoryControlContext"}}
    assert set(index.view("main.py").passes) == {"ops.ready", "ops.register"}
    assert 11 in index.view("main.py").freeze  # the control context stays V1 with keep()
    helper = migrate_text(CTX_HELPERS, "pkg/ops.py", Settings(extra={crossfile.VIEW: view})).new
    assert "health_ctx.is_server_ready()" in helper
    assert 'shm_ctx.register_system_shared_memory(name, "/" + name, size)' in helper
    assert 'control_ctx.load("simple")' in helper
    caller = migrate_text(CTX_CALLER, "main.py", Settings(extra={crossfile.VIEW: index.view("main.py")})).new
    assert "health = httpclient.InferenceServerClient(url)" in caller
    assert "shm_ctx = grpcclient.InferenceServerClient(url)" in caller
    assert "control = ModelControlContext(url, ProtocolType.HTTP)" in caller
    assert index.check({"pkg/ops.py": helper, "main.py": caller}) == []


def test_context_parameters_stay_v1_for_headers_other_values_and_unmigrated_callers() -> None:
    headers = CTX_CALLER.replace("ServerHealthContext(url, ProtocolType.HTTP)",
                                 'ServerHealthContext(url, ProtocolType.HTTP, http_headers=["a:b"])')
    index = _index({"pkg/ops.py": CTX_HELPERS, "main.py": headers})
    assert "http_headers" in index.decisions[("pkg/ops.py", "ready")].keep["context:health_ctx"]
    other = CTX_CALLER.replace("ops.ready(health)", "ops.ready(make())")
    index = _index({"pkg/ops.py": CTX_HELPERS, "main.py": other})
    # pkg/ops.py names no V1 API: a call that hands it no V1 value makes no decision (nothing converts there)
    assert ("pkg/ops.py", "ready") not in index.decisions and ("pkg/ops.py", "register") in index.decisions
    index = crossfile.build([("pkg/ops.py", "pkg/ops.py", CTX_HELPERS), ("main.py", "main.py", CTX_CALLER)])
    index.decide(["pkg/ops.py"])  # pre-commit passed the helper alone
    assert "main.py calls it and is not migrated" in index.decisions[("pkg/ops.py", "ready")].keep["context:health_ctx"]
    assert not index.view("pkg/ops.py").context_params


def test_the_check_flips_a_context_helper_when_one_side_stays_v1() -> None:
    index = _index({"pkg/ops.py": CTX_HELPERS, "main.py": CTX_CALLER})
    helper = CTX_HELPERS.replace("health_ctx.is_ready()", "health_ctx.is_server_ready()")
    # the caller's health context stayed V1 (and so did both sides of register(), which is flipped too)
    flipped = index.check({"pkg/ops.py": helper, "main.py": CTX_CALLER})
    assert ("pkg/ops.py", "ready") in flipped and ("pkg/ops.py", "register") in flipped
    index.decide(index.migrating)
    why = index.decisions[("pkg/ops.py", "ready")].keep["context:health_ctx"]
    assert "could not be converted together" in why and "the context that main.py passes stays V1" in why
    why = index.decisions[("pkg/ops.py", "register")].keep["context:shm_ctx"]
    assert "`register()` on `shm_ctx` in it could not be converted" in why


def test_a_forwarded_parameter_keeps_the_helper_v1_and_says_so() -> None:
    forwarding = textwrap.dedent('''\
        from tensorrtserver.api import ProtocolType
        from pkg.helpers import ready
        from pkg import ops


        def check(url, protocol, health):
            ready(url, protocol)
            ops.ready(health)


        check("u", ProtocolType.HTTP, None)
        ''')
    index = _index({"pkg/helpers.py": HELPERS, "pkg/ops.py": CTX_HELPERS, "main.py": forwarding})
    assert "the parameter `protocol` of `check()`, which its own file calls too" in index.decisions[
        ("pkg/helpers.py", "ready")].keep["protocol:protocol"]
    assert "a parameter of the calling function" in index.decisions[("pkg/ops.py", "ready")].keep[
        "context:health_ctx"]


CHAIN_CHECKS = textwrap.dedent('''\
    from pkg.helpers import ready


    def checks(url, protocol):
        return ready(url, protocol)
    ''')
CHAIN_MAIN = textwrap.dedent('''\
    from tensorrtserver.api import ProtocolType
    from pkg import checks

    checks.checks("u", ProtocolType.GRPC)
    ''')


def test_a_protocol_passed_on_converts_along_the_chain_and_flips_with_it() -> None:
    files = {"pkg/helpers.py": HELPERS, "pkg/checks.py": CHAIN_CHECKS, "main.py": CHAIN_MAIN}
    index = _index(files)
    assert index.decisions[("pkg/helpers.py", "ready")].convert == {"protocol"}
    assert index.decisions[("pkg/checks.py", "checks")].convert == {"protocol"}
    assert "checks.checks" in index.view("main.py").module_params
    # main.py kept its ProtocolType: the middle flips, and the helper it feeds with it
    converted = HELPERS.replace("ServerHealthContext(url, protocol)", "protocol.InferenceServerClient(url)")
    flipped = index.check({"pkg/helpers.py": converted, "pkg/checks.py": CHAIN_CHECKS, "main.py": CHAIN_MAIN})
    assert set(flipped) == {("pkg/checks.py", "checks"), ("pkg/helpers.py", "ready")}
    index.decide(index.migrating)
    assert "`checks()`, which stays V1" in index.decisions[("pkg/helpers.py", "ready")].keep["protocol:protocol"]
    # a caller of the middle passing a string: nothing of the chain converts
    other = _index({**files, "main.py": CHAIN_MAIN.replace("ProtocolType.GRPC", '"grpc"')})
    assert not other.decisions[("pkg/helpers.py", "ready")].convert
    assert 7 in other.view("pkg/helpers.py").freeze


PROBE = textwrap.dedent('''\
    from tensorrtserver.api import ServerHealthContext


    class Probe:
        def __init__(self, url):
            self.url = url

        def ready(self, protocol):
            return ServerHealthContext(self.url, protocol).is_ready()
    ''')


def test_methods_called_through_instances_are_decided_and_unresolved_calls_keep_them() -> None:
    built = "from tensorrtserver.api import ProtocolType\nfrom lib import Probe\n\np = Probe('u')\np.ready(ProtocolType.HTTP)\n"
    index = _index({"lib/__init__.py": PROBE, "main.py": built})
    decision = index.decisions[("lib/__init__.py", "Probe.ready")]
    assert decision.convert == {"protocol"} and decision.sites[0].func_text == "p.ready"
    passed = "from tensorrtserver.api import ProtocolType\n\ndef check(p):\n    p.ready(ProtocolType.GRPC)\n"
    index = _index({"lib/__init__.py": PROBE, "main.py": built, "other.py": passed})
    assert "other.py may call it through an object" in index.decisions[("lib/__init__.py", "Probe.ready")].keep[
        "protocol:protocol"]
    index = _index({"lib/__init__.py": PROBE, "other.py": passed})  # no resolved call: still kept
    assert 9 in index.view("lib/__init__.py").freeze
    assert "other.py calls a `ready()` method" in index.findings("lib/__init__.py", PROBE)[0].message
