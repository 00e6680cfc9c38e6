"""The C++ / CMake carrier's lexers."""
from __future__ import annotations

from triton_migrate.carriers.cpp import lex_c, lex_cmake


def test_c_lexer_skips_comments_and_literals() -> None:
    source = lex_c('// A\n/* B */ "C" \'D\' R"x(E)x" u8"F" G /* H\n */ I\n#include <request.h>\n')
    assert [t.value for t in source.tokens] == ["G", "I"]
    assert [t.value for t in source.includes] == ["request.h"]


def test_cmake_lexer_skips_comments() -> None:
    source = lex_cmake('# TRTIS_A\n#[[ TRTIS_B ]]\noption(TRTIS_C "x")\n')
    assert "TRTIS_C" in source.names() and "TRTIS_A" not in source.names() and "TRTIS_B" not in source.names()
