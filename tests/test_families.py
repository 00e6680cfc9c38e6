"""The class families of `triton_migrate.analysis.families`, as the verifier's object model reads them
from real source (stdlib ``ast``)."""
from __future__ import annotations

import ast
import textwrap

from triton_migrate.analysis import families
from triton_migrate.analysis.verify import Model


def family(source: str, name: str):  # type: ignore[no-untyped-def]
    model = Model(ast.parse(textwrap.dedent(source)))
    klass = next(n for n in ast.walk(model.tree) if isinstance(n, ast.ClassDef) and n.name == name)
    found = model.class_family(klass)
    return None if found is None else {c.name for c in found}


def test_unrelated_classes_are_apart() -> None:
    assert family("class A: pass\nclass B(object): pass\n", "A") == {"A"}


def test_bases_and_subclasses_join() -> None:
    source = "class A: pass\nclass B(A): pass\nclass C(B): pass\nclass D: pass\n"
    assert family(source, "A") == {"A", "B", "C"}
    assert family(source, "D") == {"D"}


def test_a_shared_subclass_joins_its_bases() -> None:
    # E runs the methods of both C and D on one object
    assert family("class C: pass\nclass D: pass\nclass E(C, D): pass\n", "C") == {"C", "D", "E"}


def test_imported_and_dotted_bases_are_outside() -> None:
    source = "import threading\nfrom base import Base\nclass A(Base): pass\nclass B(threading.Thread): pass\n"
    assert family(source, "A") == {"A"}


def test_a_base_the_file_assigns_is_not_known() -> None:
    # ``Alias = A``: a class of the file under another name, so any class may be joined to any
    assert family("class A: pass\nAlias = A\nclass B(Alias): pass\n", "A") is None
    assert family("class A: pass\nclass B(make_base()): pass\n", "A") is None


def test_nested_classes_count() -> None:
    source = "def f():\n    class A: pass\n    class B(A): pass\n    return B\n"
    assert family(source, "B") == {"A", "B"}


def test_same_named_classes_of_two_functions_are_apart() -> None:
    model = Model(ast.parse("def f():\n    class A: pass\n\ndef g():\n    class A: pass\n"))
    first, second = [n for n in ast.walk(model.tree) if isinstance(n, ast.ClassDef) and n.name == "A"]
    assert model.class_family(first) == {first}
    # ``class B(A)`` names A: it joins every class called A (which one it means is not resolved)
    model = Model(ast.parse("def f():\n    class A: pass\n\ndef g():\n    class A: pass\n    class B(A): pass\n"))
    first, second = [n for n in ast.walk(model.tree) if isinstance(n, ast.ClassDef) and n.name == "A"]
    assert model.class_family(first) == model.class_family(second) and len(model.class_family(first)) == 3


def test_families_function() -> None:
    found = families.families([(1, "A", []), (2, "B", [("class", "A")]), (3, "C", [("external", "")])])
    assert found == {1: {1, 2}, 2: {1, 2}, 3: {3}}
    assert families.families([(1, "A", [("unknown", "")])]) is None
