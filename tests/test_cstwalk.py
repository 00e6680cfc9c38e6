"""`triton_migrate.analysis.cstwalk`: inside ``fast_visits()`` every libcst visit makes the same
callbacks in the same order and gives the same trees as libcst's own ``CSTNode.visit``."""
from __future__ import annotations

import sysconfig
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import ExpressionContextProvider, MetadataWrapper, ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.cstwalk import children, fast_visits

REPO = Path(__file__).resolve().parent.parent
_STDLIB = Path(sysconfig.get_paths()["stdlib"])
FILES = sorted([*REPO.glob("fixtures/*/*.input.py"), *REPO.glob("tests/e2e/v1_programs/*.py"),
                *(_STDLIB / name for name in ("ast.py", "dataclasses.py", "typing.py", "argparse.py",
                                              "string.py", "functools.py"))])
TRICKY = '''\
from . import a
from .b import (c, d as e)
from m import *
x = f"{a!r:>{width}} {b=} {c:{d}}"
def g[T](x: T, /, *a, k=1, **kw) -> T:
    global q
    async with a as b, c:
        yield from x
    match x:
        case [1, *rest] | {"k": v, **kw} if v: pass
        case Point(x=0) as p: pass
    return lambda *, y=2: (z := y)
@dec
class C(B, metaclass=M):
    t: int = 1
    del a[1:2, ::3], b.c
try:
    pass
except* (A, B) as e:
    raise X from e
else:
    print(*a, **k, sep="")
finally:
    assert x, "m"
'''


def _texts() -> list[tuple[str, str]]:
    texts = [("tricky", TRICKY)]
    for path in FILES:
        if path.exists():
            texts.append((path.name, path.read_text()))
    return texts


class Trace(cst.CSTVisitor):
    """Overrides every callback (the path for batched and matcher visitors)."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, int, str]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.events.append(("visit", id(node), type(node).__name__))
        return not isinstance(node, cst.Lambda)  # skips a subtree, as visitors do

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.events.append(("leave", id(original_node), ""))

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.events.append(("attr", id(node), attribute))

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        self.events.append(("/attr", id(original_node), attribute))


class Hooks(cst.CSTVisitor):
    """Typed hooks only (the path that looks hooks up once per class)."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, int]] = []

    def visit_Name(self, node: cst.Name) -> None:
        self.events.append(("Name", id(node)))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.events.append(("def", id(node)))
        return node.name.value != "g"

    def leave_Call(self, original_node: cst.Call) -> None:
        self.events.append(("/call", id(original_node)))

    def visit_Call_func(self, node: cst.Call) -> None:
        self.events.append(("func", id(node)))

    def leave_Call_args(self, node: cst.Call) -> None:
        self.events.append(("/args", id(node)))

    @staticmethod
    def visit_Attribute(node: cst.Attribute) -> None:
        Hooks.static.append(id(node))

    static: list[int] = []


class Renamer(cst.CSTTransformer):
    """Changes some nodes, removes some, flattens some, and records what it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, int]] = []

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        self.seen.append(("Name", id(original_node)))
        return updated_node.with_changes(value="renamed") if original_node.value == "x" else updated_node

    def leave_Pass(self, original_node: cst.Pass, updated_node: cst.Pass) -> object:
        return cst.RemovalSentinel.REMOVE

    def leave_Expr(self, original_node: cst.Expr, updated_node: cst.Expr) -> object:
        return cst.FlattenSentinel([updated_node, updated_node])

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> object:
        if isinstance(original_node.value, cst.Integer):
            return cst.RemovalSentinel.REMOVE
        return updated_node


@pytest.mark.parametrize("name,text", _texts(), ids=[n for n, _ in _texts()])
def test_fast_visits_match_libcst(name: str, text: str) -> None:
    module = cst.parse_module(text)
    for make in (Trace, Hooks):
        Hooks.static = []
        slow = make()
        module.visit(slow)
        static = Hooks.static
        Hooks.static = []
        fast = make()
        with fast_visits():
            assert module.visit(fast) is module
        assert fast.events == slow.events, make.__name__
        assert Hooks.static == static
    slow_t = Renamer()
    expected = module.visit(slow_t).code
    fast_t = Renamer()
    with fast_visits():
        assert module.visit(fast_t).code == expected
    assert fast_t.seen == slow_t.seen
    # a transformer that changes nothing hands back the tree it was given
    with fast_visits():
        assert module.visit(cst.CSTTransformer()) is module
    assert children(module) == list(module.children)


@pytest.mark.parametrize("name,text", _texts()[:12], ids=[n for n, _ in _texts()[:12]])
def test_scopes_match_libcst(name: str, text: str) -> None:
    """libcst's scope analysis (which calls ``node.visit`` inside its own hooks) gives the same
    assignments and accesses."""

    def summary(wrapper: MetadataWrapper) -> list[object]:
        scopes = wrapper.resolve(ScopeProvider)
        contexts = wrapper.resolve(ExpressionContextProvider)
        out: list[object] = [sorted((type(n).__name__, str(c)) for n, c in contexts.items())]
        for scope in {s for s in scopes.values() if s is not None}:
            out.append(sorted((a.name, type(a.node).__name__) for a in scope.assignments))
            out.append(sorted(type(a.node).__name__ + str(len(a.referents)) for a in scope.accesses))
        return sorted(map(repr, out))

    module = cst.parse_module(text)
    slow = summary(MetadataWrapper(module, unsafe_skip_copy=True))
    with fast_visits():
        fast = summary(MetadataWrapper(module, unsafe_skip_copy=True))
    assert fast == slow


def test_visit_is_restored() -> None:
    before = cst.CSTNode.visit
    with fast_visits():
        with fast_visits():
            assert cst.CSTNode.visit is not before
        assert cst.CSTNode.visit is not before
    assert cst.CSTNode.visit is before


def test_batched_metadata_visits_match_libcst() -> None:
    """The batched metadata visitor (positions of the whitespace-inclusive kind, expression contexts,
    parents) gives libcst's values."""
    from libcst.metadata import WhitespaceInclusivePositionProvider

    module = cst.parse_module(TRICKY + (REPO / "tests/e2e/v1_programs/helper_context.py").read_text())
    providers = (ExpressionContextProvider, ParentNodeProvider, WhitespaceInclusivePositionProvider)
    slow = MetadataWrapper(module, unsafe_skip_copy=True).resolve_many(providers)
    with fast_visits():
        fast = MetadataWrapper(module, unsafe_skip_copy=True).resolve_many(providers)
    for provider in providers:
        assert dict(fast[provider]) == dict(slow[provider]), provider.__name__


@pytest.mark.parametrize("name,text", _texts(), ids=[n for n, _ in _texts()])
def test_positions_match_libcst(name: str, text: str) -> None:
    """The carrier's positions (`triton_migrate.analysis.metadata`, a cheaper codegen state) equal
    libcst's ``PositionProvider`` for every node."""
    from libcst.metadata import PositionProvider

    from triton_migrate.analysis.metadata import wrap

    module = cst.parse_module(text)
    want = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    got = wrap(module).resolve(PositionProvider)
    assert len(got) == len(want)
    for node, position in want.items():
        assert got[node] == position


@pytest.mark.parametrize("name,text", _texts()[:8], ids=[n for n, _ in _texts()[:8]])
def test_codegen_and_parents_match_libcst(name: str, text: str) -> None:
    from triton_migrate.analysis.metadata import wrap

    module = cst.parse_module(text)
    nodes = [n for n in MetadataWrapper(module, unsafe_skip_copy=True).resolve(ParentNodeProvider)
             if isinstance(n, (cst.BaseStatement, cst.Call, cst.Name, cst.Attribute))][:300]
    want = [module.code_for_node(n) for n in nodes]
    with fast_visits():
        assert module.code == text
        assert [module.code_for_node(n) for n in nodes] == want
    assert dict(wrap(module).resolve(ParentNodeProvider)) == dict(
        MetadataWrapper(module, unsafe_skip_copy=True).resolve(ParentNodeProvider))
    assert list(wrap(module).resolve(ParentNodeProvider)) == list(
        MetadataWrapper(module, unsafe_skip_copy=True).resolve(ParentNodeProvider))


def _newline_texts() -> list[tuple[str, str]]:
    base = (REPO / "tests/e2e/v1_programs/helper_context.py").read_text()
    return [("crlf", base.replace("\n", "\r\n")), ("cr", base.replace("\n", "\r")),
            ("mixed", base.replace("\n", "\r\n", 20)), ("no-final-newline", base.rstrip("\n")),
            ("crlf-no-final-newline", TRICKY.replace("\n", "\r\n").rstrip("\r\n")), ("empty", ""),
            ("comment-only", "# only a comment"), ("blank-lines", "\n\n\n")]


@pytest.mark.parametrize("name,text", _newline_texts(), ids=[n for n, _ in _newline_texts()])
def test_positions_match_libcst_with_any_newlines(name: str, text: str) -> None:
    """Positions are worked out from token offsets; "\\r", "\\r\\n", a missing final newline and
    empty files give libcst's lines and columns."""
    from libcst.metadata import PositionProvider

    from triton_migrate.analysis.metadata import wrap

    module = cst.parse_module(text)
    want = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    got = wrap(module).resolve(PositionProvider)
    assert len(got) == len(want) and set(got) == set(want)
    for node, position in want.items():
        assert got[node] == position


@pytest.mark.parametrize("name,text", _texts()[:8], ids=[n for n, _ in _texts()[:8]])
def test_children_match_libcst(name: str, text: str) -> None:
    """Inside ``fast_visits`` ``node.children`` is read from the attributes: the same nodes, in order."""
    module = cst.parse_module(text)
    nodes = list(MetadataWrapper(module, unsafe_skip_copy=True).resolve(ParentNodeProvider)) + [module]
    want = [list(n.children) for n in nodes]
    with fast_visits():
        got = [list(n.children) for n in nodes]
    assert len(got) == len(want)
    for a, b in zip(got, want):
        assert len(a) == len(b) and all(x is y for x, y in zip(a, b))
    assert cst.CSTNode.__dict__["children"].fget is not children  # restored after the block


def test_known_code_is_the_parsed_text() -> None:
    """The carrier's parse registers its text: ``Module.code`` gives it back inside ``fast_visits``
    (libcst's codegen gives the same), any other module is generated, and libcst's property is back after."""
    from triton_migrate.analysis.cstwalk import known_code
    from triton_migrate.carriers.python import parse

    text = (REPO / "tests/e2e/v1_programs/helper_context.py").read_text()
    with fast_visits():
        module = parse(text)
        other = cst.parse_module(text)
        assert module.code == text == other.code == cst.Module.__dict__["code"].fget(module)
        changed = module.with_changes(body=module.body[1:])
        assert changed.code != text
        known_code(None)
        assert module.code == text
    assert cst.Module.__dict__["code"].fget is not None and module.code == text
