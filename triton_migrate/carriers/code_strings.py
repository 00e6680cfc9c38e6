"""Go, Java and Jsonnet sources (``.go``, ``.java``, ``.jsonnet``,
``.libsonnet``): string literals are read, never edited.

Operators, controllers and deployment generators written in these languages
carry the server command line, image names and URLs as string literals
(``"trtserver"`` in a container spec, ``"http://host:8000/api/infer/m"``).
The C/C++ carrier's lexer (``triton_migrate.carriers.cpp.lex_c``) reads them in
its Go, Java or Jsonnet dialect: comments are skipped, and each literal (Go
raw strings, Java text blocks, Jsonnet ``'...'`` and ``|||`` blocks included)
is one token with its span.  A literal is not code the tool can rewrite
safely (it may be concatenated, formatted or compared), so rules only report,
with the V2 replacement in the finding.

Hook a rule defines: ``check_strings(source: Source, ctx) -> None`` where
``source.strings`` holds the literals (quotes included).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.carriers import Carrier, extension, run_report_rules
from triton_migrate.carriers.cpp import lex_c

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

DIALECTS = {".go": "go", ".java": "java", ".jsonnet": "jsonnet", ".libsonnet": "jsonnet", ".kt": "java"}


class CodeStringsCarrier(Carrier):
    name = "code_strings"
    label = "Go, Java or Jsonnet source"
    priority = 60
    hooks = ("check_strings",)

    def claims(self, path: str, head: bytes) -> bool:
        return extension(path) in DIALECTS

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        source = lex_c(text, DIALECTS[extension(ctx.path)])
        run_report_rules(ctx, rules, "check_strings", source)
        return text


CARRIER = CodeStringsCarrier()
