"""The pure core: statuses, never raising, cheap search before parsing, text helpers."""
from __future__ import annotations

import libcst
import pytest

import triton_migrate.carriers.python as python_carrier
from triton_migrate.engine import migrate_bytes, migrate_text
from triton_migrate.rules import get_rule
from triton_migrate.settings import Settings
from triton_migrate.text import Edit, LineMap, Suppressions, apply_edits, decode, python_coding

SETTINGS = Settings()


def test_statuses() -> None:
    assert migrate_text("import os\n", "a.py", SETTINGS).status == "unchanged"
    changed = migrate_text("import tritonhttpclient\n", "a.py", SETTINGS)
    assert changed.status == "changed" and changed.new == "import tritonclient.http as tritonhttpclient\n"
    skipped = migrate_text("import tritonhttpclient\nprint 'x'\n", "a.py", SETTINGS)
    assert skipped.status == "skipped" and "Python 2" in (skipped.reason or "")
    assert migrate_text("tritonhttpclient", "notes.md", SETTINGS).status == "unchanged"


def test_a_crashing_rule_is_an_error_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    impl = get_rule("early_v2_modules").impl

    def boom(wrapper, ctx):  # noqa: ANN001
        raise ValueError("rule bug")

    monkeypatch.setattr(impl, "transform", boom)
    result = migrate_text("import tritonhttpclient\n", "a.py", SETTINGS)
    assert result.status == "error"
    assert "rule bug" in (result.reason or "")
    assert [f.rule for f in result.findings] == ["internal_error"]


def test_a_rule_that_breaks_syntax_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    impl = get_rule("early_v2_modules").impl

    class Broken:
        code = "import (\n"

    monkeypatch.setattr(impl, "transform", lambda wrapper, ctx: Broken())
    result = migrate_text("import tritonhttpclient\n", "a.py", SETTINGS)
    assert result.status == "error" and result.new is None


def test_files_without_needles_are_never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = libcst.parse_module
    monkeypatch.setattr(python_carrier.cst, "parse_module", lambda text: calls.append(text) or real(text))
    for source in ("import os\n", "x = 'tritonclient.http'\n", "def f():\n    return 1\n"):
        assert migrate_bytes(source.encode(), "a.py", SETTINGS).result.status == "unchanged"
    assert calls == []
    migrate_bytes(b"import tritonhttpclient\n", "a.py", SETTINGS)
    assert calls


def test_select_and_ignore_decide_rules() -> None:
    source = "import tritonhttpclient\n"
    assert migrate_text(source, "a.py", Settings(ignore=frozenset({"early_v2_modules"}))).status == "unchanged"
    assert migrate_text(source, "a.py", Settings(select=frozenset({"v1_shared_memory"}))).status == "unchanged"


def test_findings_point_at_original_lines_after_earlier_rewrites() -> None:
    source = ("import tritonhttpclient\nimport tensorrtserver.shared_memory as shm\n"
              "from tensorrtserver.api import *\n\nctx = InferContext('u', ProtocolType.HTTP, 'm')\n"
              "ctx.get_stat()\n")
    result = migrate_text(source, "a.py", SETTINGS)
    lines = {(f.rule, f.line, f.applied) for f in result.findings}
    assert ("early_v2_modules", 1, True) in lines
    assert ("v1_shared_memory", 2, True) in lines
    assert any(rule.startswith("v1_") and line == 6 and not applied for rule, line, applied in lines)


def test_decode_keeps_bom_and_cookie() -> None:
    decoded = decode(b"\xef\xbb\xbfx = 1\n", python=True)
    assert decoded.bom and decoded.text == "x = 1\n"
    assert decoded.encode(decoded.text) == b"\xef\xbb\xbfx = 1\n"
    assert python_coding(b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\n") == "latin-1"
    assert python_coding(b"x = 1\n# coding: latin-1\n") is None


def test_apply_edits_from_the_end() -> None:
    text = "abcdef"
    assert apply_edits(text, [Edit(0, 1, "X"), Edit(4, 6, "YZW")]) == "XbcdYZW"
    with pytest.raises(ValueError):
        apply_edits(text, [Edit(0, 3, "X"), Edit(2, 4, "Y")])


def test_suppressions() -> None:
    s = Suppressions("a  # triton-migrate: ignore[r1, r2]\nb\n# triton-migrate: ignore\nc\n")
    assert s.suppressed("r1", 1) and s.suppressed("r2", 2) and not s.suppressed("r3", 1)
    assert s.suppressed("anything", 4) and not s.suppressed("r1", 5)


def test_line_map() -> None:
    original = "a\nb\nc\n"
    current = "a\nnew1\nnew2\nb\nc\n"
    mapping = LineMap(original, current)
    assert mapping.original_line(4) == 2 and mapping.original_line(5) == 3 and mapping.original_line(1) == 1


def test_line_map_stays_inside_the_original() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.lists(st.sampled_from("abx"), max_size=12), st.data())
    def check(lines: list[str], data: st.DataObject) -> None:
        new = list(lines)
        for _ in range(data.draw(st.integers(0, 3))):
            if new and data.draw(st.booleans()):
                del new[data.draw(st.integers(0, len(new) - 1))]
            else:
                new.insert(data.draw(st.integers(0, len(new))), "NEW")
        mapping = LineMap("\n".join(lines) + "\n", "\n".join(new) + "\n")
        for number, text in enumerate(new, start=1):
            original = mapping.original_line(number)
            assert 1 <= original <= max(len(lines), 1)
        if lines == new:
            assert all(mapping.original_line(n) == n for n in range(1, len(new) + 1))

    check()


def test_line_map_is_fast_on_repetitive_files() -> None:
    original = "import a\n" + "x = 1\n" * 50000
    current = "import b\nimport c\n" + "x = 1\n" * 50000
    mapping = LineMap(original, current)  # difflib alone is quadratic here
    assert mapping.original_line(3) == 2 and mapping.original_line(50002) == 50001
