"""`triton_migrate.analysis.reparse`: the tree spliced from a rule's output is the tree a whole parse
of that output gives (``deep_equals``, and the same module fields), or None."""
from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from triton_migrate.analysis import reparse as reparse_module
from triton_migrate.analysis.cstwalk import fast_visits
from triton_migrate.analysis.reparse import reparse
from triton_migrate.carriers import python as python_carrier
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.v1client import chainedstatus

REPO = Path(__file__).resolve().parent.parent
INPUTS = sorted([*REPO.glob("fixtures/*/*.input.py"), *REPO.glob("tests/e2e/v1_programs/*.py")])


def _same_module(a: cst.Module, b: cst.Module) -> bool:
    return a.deep_equals(b) and (a.default_indent, a.default_newline, a.has_trailing_newline, a.encoding) == \
        (b.default_indent, b.default_newline, b.has_trailing_newline, b.encoding)


def _unique(module: cst.Module) -> bool:
    seen: set[int] = set()
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        stack.extend(node.children)
    return True


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every splice the carrier makes is compared with a whole parse of the same text."""
    spliced = [0]

    def checking(old: cst.Module, new: cst.Module, text: str) -> cst.Module | None:
        module = reparse(old, new, text)
        if module is not None:
            spliced[0] += 1
            whole = cst.parse_module(text)
            assert _same_module(module, whole), text
            assert module.code == text
            assert _unique(module)
        return module

    monkeypatch.setattr(python_carrier, "reparse", checking)
    monkeypatch.setattr(chainedstatus, "reparse", checking)  # the hoisted variant of v1_status
    return spliced


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_splices_equal_whole_parses(path: Path, checked: list[int]) -> None:
    text = path.read_text()
    first = migrate_text(text, path.name, Settings())
    assert first.status != "error", first.reason
    if first.new is not None:
        migrate_text(first.new, path.name, Settings())


def test_dense_inputs_splice(checked: list[int]) -> None:
    sources = [p.read_text() for p in sorted((REPO / "tests/e2e/v1_programs").glob("*.py"))]
    for i in range(3):
        migrate_text("\n\n".join(sources[(i + k) % len(sources)] for k in range(4)), f"d{i}.py", Settings())
    assert checked[0] > 0  # the mechanism is used


class _Rename(cst.CSTTransformer):
    """Renames one name; statements that do not hold it come back as the same nodes (fast_visits)."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=self.new) if original_node.value == self.old else updated_node


CASES = {
    "middle": ("import a\n\ndef f():\n    x = 1\n\nTARGET = 2\n\ny = 3\n", "TARGET"),
    "first": ("# head\n\nTARGET = 1\nif y:\n\tpass\n", "TARGET"),
    "last": ("if y:\n  pass\nTARGET = 1\n# tail\n", "TARGET"),
    "first block in run": ("x = 1\nif TARGET:\n\tpass\ndef g():\n    pass\n", "TARGET"),
    "tab file, later run": ("if y:\n\tpass\nz = 2\nif TARGET:\n\tpass\n", "TARGET"),
    "footer comments": ("def f():\n    x = 1\n    # kept in the block\n# next\nTARGET = 1\n", "TARGET"),
    "indented comment after": ("TARGET = 1\n    # odd\nz = 2\n", "TARGET"),
    "several runs": ("a = TARGET\nb = 1\nc = TARGET\nd = 2\ne = TARGET\n", "TARGET"),
    "no trailing newline": ("x = 1\nTARGET = 2", "TARGET"),
    # statements inside a def, a class, a method or a block statement (`reparse._nested`)
    "in a def": ("def f():\n    x = 1\n\n    # c\n    y = TARGET\n    z = 3\n\nw = 4\n", "TARGET"),
    "in a method": ("class C:\n    def m(self):\n        a = 1\n        if a:\n            b = TARGET\n"
                    "        # deeper comment\n            # deeper still\n        return a\n\n    x = 2\n", "TARGET"),
    "last in a def, footer": ("def f():\n    x = 1\n    y = TARGET\n    # kept in the block\n# next\nz = 1\n",
                              "TARGET"),
    "last in a def, indented comment after": ("def f():\n    if x:\n        y = TARGET\n            # odd\nz = 1\n",
                                              "TARGET"),
    "decorated, two spaces": ("@d\ndef f():\n  x = 1\n  y = TARGET\n  z = 2\n", "TARGET"),
    "mixed indents": ("def f():\n    x = 1\n\ndef g():\n  if y:\n      z = TARGET\n  w = 2\n", "TARGET"),
    "adjacent defs": ("def f():\n    a = TARGET\n    b = 1\ndef g():\n    c = 2\n    d = TARGET\n", "TARGET"),
    "header changes too": ("def f(TARGET):\n    a = TARGET\n    b = 1\n", "TARGET"),
    "comment at column 0 inside": ("def f():\n    a = 1\n# col0\n    b = TARGET\n    c = 2\n", "TARGET"),
    "for/else, while, with": ("for i in x:\n    a = TARGET\n    b = 1\nelse:\n    c = 2\nwhile y:\n    d = TARGET\n"
                              "with z as w:\n    e = 1\n    f = TARGET\n", "TARGET"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_reparse_cases(name: str) -> None:
    text, target = CASES[name]
    with fast_visits():
        old = cst.parse_module(text)
        new = old.visit(_Rename(target, "RENAMED"))
        code = new.code
        module = reparse(old, new, code)
    whole = cst.parse_module(code)
    if module is not None:
        assert _same_module(module, whole)
        assert _unique(module)
    else:
        assert name in ("no trailing newline", "indented comment after")


def _renamed_every(module: cst.Module, step: int) -> cst.Module:
    """``module`` with the names of every ``step``-th simple statement renamed (statements at every depth)."""

    class Every(cst.CSTTransformer):
        def __init__(self) -> None:
            super().__init__()
            self.seen = 0
            self.depth = 0

        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
            self.seen += 1
            self.depth += 1
            self.on = self.seen % step == 0
            return True

        def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                      updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
            self.depth -= 1
            self.on = False
            return updated

        def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
            return updated.with_changes(value=updated.value + "_r") if self.depth and getattr(self, "on", False) \
                else updated

    return module.visit(Every())


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _styled_inputs() -> list[Path]:
    """Our inputs, and the real V1 code of ../shared/corpus when it is there (other people's layouts)."""
    corpus = sorted(CORPUS.rglob("*.py")) if CORPUS.is_dir() else []
    return [*INPUTS[::3], *corpus]


@pytest.mark.parametrize("step", [1, 3, 7])
def test_inner_splices_equal_whole_parses(step: int) -> None:
    """Statements changed at every depth of real layouts (comments and blank lines anywhere, decorators,
    nested blocks): the splice, inside defs, classes and blocks too, is the whole parse or None."""
    nested = reparse_module.stats["nested"]
    for path in _styled_inputs():
        text = path.read_text(errors="replace")
        try:
            old = cst.parse_module(text)
        except Exception:  # noqa: BLE001 - Python 2 files of the corpus
            continue
        with fast_visits():
            new = _renamed_every(old, step)
            code = new.code
            module = reparse(old, new, code)
        if module is not None:
            assert _same_module(module, cst.parse_module(code)), path
            assert module.code == code
            assert _unique(module), path
    assert reparse_module.stats["nested"] > nested  # the inner splice is used


def test_reparse_counts() -> None:
    before = reparse_module.stats["spliced"]
    text, target = CASES["middle"]
    with fast_visits():
        old = cst.parse_module(text)
        new = old.visit(_Rename(target, "RENAMED"))
        assert reparse(old, new, new.code) is not None
    assert reparse_module.stats["spliced"] == before + 1


#: every 7th input that uses the V1 client package (an input no rule touches has no tree to check)
SPLICED = [p for p in INPUTS if "tensorrtserver" in p.read_text(errors="replace")][::7]


@pytest.mark.parametrize("path", SPLICED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_positions_of_spliced_trees_match_libcst(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Positions kept per statement across text versions (`metadata._Chunked`) equal libcst's
    ``PositionProvider`` on every tree a rule is given, node for node and in the same order."""
    checked = _checking_positions(monkeypatch)
    migrate_text(path.read_text(), path.name, Settings())
    assert checked[0] > 0


def _checking_positions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from libcst.metadata import MetadataWrapper, PositionProvider

    from triton_migrate.analysis import metadata

    checked = [0]
    real = metadata.wrap

    def checking(module: cst.Module) -> MetadataWrapper:
        wrapper = real(module)
        got = wrapper._metadata[PositionProvider]
        want = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        assert list(got) == list(want)
        assert len(got) == len(want)
        for node, position in want.items():
            assert got[node] == position and node in got
        checked[0] += 1
        return wrapper

    monkeypatch.setattr(python_carrier, "wrap", checking)
    return checked


WRAPPED = ["self_helper_names", "shm_or_numpy", "factory_context", "sequence_subclass"]


@pytest.mark.parametrize("name", WRAPPED)
def test_positions_of_statements_in_blocks_kept_across_versions(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A program wrapped in a function, twice in a file: the rules change lines deep inside one top-level
    function, whose other block statements keep the code and spans printed for the version before
    (`metadata._Sub`); every tree's positions still equal libcst's, node for node and in order."""
    from triton_migrate.analysis import metadata
    from wrapped_programs import copies

    source = (REPO / "tests/e2e/v1_programs" / f"{name}.py").read_text()
    checked = _checking_positions(monkeypatch)
    before = metadata.stats["position_statements_kept"]
    result = migrate_text(copies(name, source, 2), f"{name}.py", Settings())
    assert result.new is not None and checked[0] > 1
    assert metadata.stats["position_statements_kept"] > before
