"""Templates named ``<file>.in`` (``config.pbtxt.in``, ``deployment.yaml.in``,
``run_server.sh.in``, ``Dockerfile.in``): the file they generate is migrated by
its own carrier, read through the template markers.

The carrier of the generated file is the one that claims the name without
``.in``.  Substitution markers — ``@VAR@`` (CMake ``configure_file``,
autoconf) and single-line ``{{ ... }}`` (Jinja, Go templates) — are masked
with placeholder words before that carrier reads the text and put back after;
``${VAR}`` needs no mask (it reads as itself in shell, YAML and Dockerfiles).
A rule that would edit a marker leaves the file as it was (reported as not
parsed).  What stays V1 is named by ``unconverted_v1_names``.  Helm charts'
``templates/*.yaml`` are plain ``.yaml`` names: the YAML carrier masks their
actions itself.

Hook a rule defines: ``check_leftovers(leftovers: Leftovers, ctx) -> None``,
called once with the V1 names the migration left (code lines and prose lines);
every other rule runs on the embedded code through that code's own carrier
(its hooks: ``rewrite_command``, ``transform``, ...).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from triton_migrate.carriers import Carrier, CarrierParseError, basename, carrier_for
from triton_migrate.carriers._embedded import Piece, migrate_pieces

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

SUFFIX = ".in"
_MARKER = re.compile(r"@[A-Za-z_][A-Za-z0-9_]*@|\{\{[^{}\n]*\}\}")


def inner_carrier(path: str, head: bytes = b"") -> Carrier | None:
    name = basename(path)
    if not name.endswith(SUFFIX) or len(name) <= len(SUFFIX):
        return None
    inner = carrier_for(path[: -len(SUFFIX)], head)
    return None if inner is None or inner.name == "template" else inner


def mask_markers(text: str) -> tuple[str, dict[str, str]]:
    found: dict[str, str] = {}
    by_marker: dict[str, str] = {}

    def mask(match: re.Match[str]) -> str:
        marker = match.group(0)
        if marker not in by_marker:
            word = f"tmplvar{len(by_marker)}x"
            while word in text:
                word += "x"
            by_marker[marker] = word
            found[word] = marker
        return by_marker[marker]

    return _MARKER.sub(mask, text), found


def _unmask(value: str | None, found: dict[str, str]) -> str | None:
    if value is None:
        return None
    for word, marker in found.items():
        value = value.replace(word, marker)
    return value


class TemplateCarrier(Carrier):
    name = "template"
    label = "template (*.in)"
    priority = 5
    hooks = ("check_leftovers",)

    def claims(self, path: str, head: bytes) -> bool:
        return inner_carrier(path, head) is not None

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        inner = inner_carrier(ctx.path, text[:256].encode("utf-8", "replace"))
        if inner is None:
            return text
        masked, found = mask_markers(text)
        count = len(masked.splitlines(keepends=True))
        first = len(ctx.findings)
        new = migrate_pieces(masked, [Piece(0, count, inner.name, gate=False)], ctx, f"{inner.label} template", rules)
        for k in range(first, len(ctx.findings)):  # findings quote the template's own markers
            finding = ctx.findings[k]
            ctx.findings[k] = replace(finding, **{name: _unmask(getattr(finding, name), found)
                                                  for name in ("message", "replacement", "v1")})
        if new == masked:
            return text
        for word, marker in found.items():
            if masked.count(word) != new.count(word) and word in new:
                raise CarrierParseError(f"a rule would edit the template marker {marker}")
            new = new.replace(word, marker)
        return new


CARRIER = TemplateCarrier()
