"""The on-demand metadata wrapper (`triton_migrate.analysis.metadata`) and the rollback-round memo of
the Python carrier: same values as libcst's providers, and actually used by the carrier."""
from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import (
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from triton_migrate.analysis import metadata as pyanalysis
from triton_migrate.carriers import python as carrier
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

REPO = Path(__file__).resolve().parent.parent
PROGRAMS = REPO / "tests/e2e/v1_programs"
SAMPLES = [PROGRAMS / "helper_context.py", PROGRAMS / "shm_infer.py", PROGRAMS / "status_config_star.py",
           REPO / "fixtures/v1_protocol/runtime.input.py", REPO / "fixtures/v1_status/status_config_grpc.input.py"]

TRICKY = '''\
import tensorrtserver.api as api
from tensorrtserver.api import *
from tensorrtserver.api import InferContext as IC
class Holder:
    ctx = IC("u", ProtocolType.HTTP, "m")
    def run(self, protocol=ProtocolType.GRPC):
        return [api.InferContext(u, protocol, m) for u in self.urls]
lam = lambda ProtocolType: ProtocolType.HTTP
'''


def _nodes(module: cst.Module) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []

    class All(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            found.append(node)
            return True

    module.visit(All())
    return found


def _scope_shape(scope: object) -> object:
    if scope is None:
        return None
    return type(scope).__name__, getattr(scope, "node", None)


@pytest.mark.parametrize("source", [*SAMPLES, "tricky"], ids=lambda s: getattr(s, "name", s))
def test_same_metadata_as_libcst(source: object) -> None:
    text = TRICKY if source == "tricky" else Path(str(source)).read_text()
    module = cst.parse_module(text)
    eager = MetadataWrapper(module, unsafe_skip_copy=True)
    want = eager.resolve_many([PositionProvider, ParentNodeProvider, ScopeProvider, QualifiedNameProvider])
    lazy = pyanalysis.wrap(module)
    got = lazy.resolve_many([PositionProvider, ParentNodeProvider, ScopeProvider, QualifiedNameProvider])
    nodes = _nodes(module)
    outside = cst.Name("not_in_tree")
    for node in nodes:
        assert got[PositionProvider][node] == want[PositionProvider][node]
        assert got[ParentNodeProvider].get(node) is want[ParentNodeProvider].get(node)
        assert _scope_shape(got[ScopeProvider].get(node)) == _scope_shape(want[ScopeProvider].get(node))
        wanted = want[QualifiedNameProvider][node]
        wanted = wanted() if callable(wanted) else wanted  # libcst's LazyValue
        assert got[QualifiedNameProvider][node] == wanted
    for provider in (PositionProvider, ParentNodeProvider, ScopeProvider, QualifiedNameProvider):
        assert outside not in got[provider]
        assert got[provider].get(outside, "default") == "default"
        with pytest.raises(KeyError):
            got[provider][outside]
    assert module not in got[ParentNodeProvider]  # the root has no parent, as in libcst
    # expression contexts: one map per text, shared by the scope analysis and every rule's visit
    assert dict(lazy.resolve(ExpressionContextProvider)) == dict(eager.resolve(ExpressionContextProvider))
    assert lazy.resolve(ExpressionContextProvider) is lazy.resolve(ExpressionContextProvider)
    assert set(got[QualifiedNameProvider]) == set(want[QualifiedNameProvider])


def test_metadata_is_computed_on_first_read_only() -> None:
    module = cst.parse_module(TRICKY)
    pyanalysis.stats.clear()
    wrapper = pyanalysis.wrap(module)

    class Positions(cst.CSTVisitor):
        METADATA_DEPENDENCIES = (PositionProvider, ParentNodeProvider, ScopeProvider, QualifiedNameProvider)

    wrapper.visit(Positions())  # declares everything, reads nothing
    assert pyanalysis.stats["wrapper"] == 1
    for kind in ("positions", "parents", "scopes", "qualified_name"):
        assert pyanalysis.stats[kind] == 0, kind
    call = module.body[3].body.body[0].body[0].value  # type: ignore[attr-defined]
    names = wrapper.resolve(QualifiedNameProvider)[call.func]
    assert {q.name for q in names} == {"tensorrtserver.api.InferContext"}
    assert pyanalysis.stats["scopes"] == 1 and pyanalysis.stats["qualified_name"] == 1
    assert pyanalysis.stats["positions"] == 0 and pyanalysis.stats["parents"] == 0


def test_carrier_uses_the_wrapper_and_resolves_few_names() -> None:
    text = (PROGRAMS / "simple_infer.py").read_text()
    pyanalysis.stats.clear()
    migrate_text(text, "simple.py", Settings())
    assert pyanalysis.stats["wrapper"] >= 1
    # Qualified names are resolved for the names a V1 import binds, not for every node.
    assert 0 < pyanalysis.stats["qualified_name"] < len(_nodes(cst.parse_module(text))) // 10


def test_rollback_rounds_replay_rules_that_do_not_read_frozen_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    # shm_infer (no model repository): the verifier rolls objects back twice, then the shared-memory
    # helper module is kept V1 with the contexts that stay (v1client/shmhold.py), so four rounds run.
    text = (PROGRAMS / "shm_infer.py").read_text()
    carrier.stats.clear()
    once = migrate_text(text, "shm.py", Settings())
    assert carrier.stats["ran:v1_infer"] == 4  # reads the frozen constructors: runs each round
    # reads only the helper module's entry: runs when its answer changed (first and last round)
    assert carrier.stats["ran:v1_shared_memory"] == 2 and carrier.stats["replayed:v1_shared_memory"] == 2
    assert carrier.stats["tree_kept"] > 0  # later rounds take the trees of the texts the first one parsed
    # Without the memo and the trees kept the result is the same.
    apply = carrier.PythonCarrier._apply
    monkeypatch.setattr(carrier.PythonCarrier, "_apply",
                        lambda self, text, ctx, rules, memo=None, trees=None: apply(self, text, ctx, rules, None, None))
    carrier.stats.clear()
    plain = migrate_text(text, "shm.py", Settings())
    assert carrier.stats["replayed"] == 0 and carrier.stats["ran:v1_shared_memory"] == 4
    assert carrier.stats["tree_kept"] == 0
    assert once.new == plain.new and once.findings == plain.findings


@pytest.mark.parametrize("source", [*SAMPLES, "tricky"], ids=lambda s: getattr(s, "name", s))
def test_verifier_walks_the_tree_once(source: object) -> None:
    import ast

    from triton_migrate.analysis.verify import Model

    text = TRICKY if source == "tricky" else Path(str(source)).read_text()
    model = Model(ast.parse(text))
    scopes = [model.tree, *(n for n in ast.walk(model.tree)
                            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)))]
    for scope in scopes:
        assert model._span(scope) is not None  # served from the one walk
        walked = list(Model._nodes_under(scope))
        assert list(model.nodes_in(scope)) == walked
        for name in {n.id for n in walked if isinstance(n, ast.Name)} | {"not_a_name_here"}:
            assert list(model._named(scope, name)) == [n for n in walked if isinstance(n, ast.Name) and n.id == name]
