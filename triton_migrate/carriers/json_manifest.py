"""JSON files (``.json``): Kubernetes and OpenShift manifests and templates, and
any other JSON that names a V1 thing, read like YAML.

JSON is YAML's flow style, so the YAML carrier's reader applies unchanged
(containers' ``command``/``args``, ``sh -c`` scripts, probes, ``env``, images;
see ``triton_migrate.carriers.yaml``); words are written back as JSON strings
(double quotes).  Only files holding a V1 needle are read; the output must
load with ``json.loads``.  Notebooks (``.ipynb``) have their own carrier.

Hooks, the YAML carrier's: ``rewrite_command`` (container commands and args,
``sh -c`` scripts), ``rewrite_text`` (images, env names, paths, probe paths),
``rewrite_image_tag`` (``repository`` + ``tag`` pairs) and ``review_probe``.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from triton_migrate.carriers import CarrierParseError, extension
from triton_migrate.carriers.yaml import YamlCarrier

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule


def _check(text: str) -> None:
    try:
        json.loads(text)
    except ValueError as exc:
        raise CarrierParseError(f"not valid JSON ({exc})", getattr(exc, "lineno", None)) from None


class JsonCarrier(YamlCarrier):
    name = "json"
    label = "JSON"
    priority = 45

    def claims(self, path: str, head: bytes) -> bool:
        return extension(path) == ".json"

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        _check(text)
        new = super().migrate(text, ctx, rules)
        if new != text:
            try:
                _check(new)
            except CarrierParseError as exc:
                raise RuntimeError(f"the rewritten file is not valid JSON: {exc}") from None
        return new

    def validate(self, text: str) -> str | None:
        try:
            _check(text)
        except CarrierParseError as exc:
            return str(exc)
        return None


CARRIER = JsonCarrier()
