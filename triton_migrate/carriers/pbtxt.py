"""Model configurations (``config.pbtxt``), parsed for real with protobuf's text format.

The file is parsed by `triton_migrate.model_config.parse_model_config` with
``check_fields=True``: into the V2 ``ModelConfig`` of the installed
``tritonclient`` (its fields are a superset of V1's), or, without
``tritonclient``, into our V1 ``triton_migrate.protos_v1.model_config_pb2``
with unknown fields allowed.
A file that does not parse raises ``CarrierParseError`` (reported as
``unparsable_file``).  The rules for this carrier only report; they never edit.

Hook a rule defines:

* ``check_config(model: ModelFile, ctx) -> None``, called once per file.

The only disk access of the carrier is :func:`model_directory_files`, which
lists the files next to the configuration (the model folder and its version
folders, one level deep) when the configuration is a real file: a V1 custom
backend's ``libcustom.so`` lives there.  It returns nothing for text that does
not come from disk (fixtures, ``migrate_text`` on a made-up path).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from triton_migrate.carriers import Carrier, CarrierParseError, basename, run_report_rules
from triton_migrate.model_config import parse_model_config

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule


def parse_config(text: str) -> Any:
    from google.protobuf import text_format

    try:
        return parse_model_config(text, check_fields=True)
    except text_format.ParseError as exc:
        match = re.match(r"(\d+):(\d+)", str(exc))
        raise CarrierParseError(f"{exc}", int(match.group(1)) if match else None) from None


def model_directory_files(config_path: str) -> list[str]:
    """Files next to a configuration on disk, relative to the model folder ('1/libcustom.so').

    Empty when ``config_path`` is not a file on disk.  Reads one directory
    listing per folder, nothing else.
    """
    folder = os.path.dirname(os.path.abspath(config_path))
    if not os.path.isfile(config_path):
        return []
    found = []
    try:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file():
                found.append(entry.name)
            elif entry.is_dir():
                found.extend(f"{entry.name}/{sub.name}" for sub in sorted(os.scandir(entry.path), key=lambda e: e.name)
                             if sub.is_file() or sub.is_dir())
    except OSError:
        return found
    return found


@dataclass
class ModelFile:
    """One parsed configuration and where its fields are written."""

    text: str
    path: str
    config: Any  # ModelConfig

    @property
    def name(self) -> str:
        return self.config.name or os.path.basename(os.path.dirname(self.path)) or "?"

    def field_span(self, field: str, value: str | None = None) -> tuple[int, int]:
        """The span of ``field: value`` at any depth (outside comments), or of line 1."""
        pattern = re.compile(rf"(?m)^[^#\n]*?\b({re.escape(field)}\s*:?\s*" + (rf"\"{re.escape(value)}\"" if value else r"[^\s#]*") + ")")
        match = pattern.search(self.text)
        if match:
            return match.start(1), match.end(1)
        return 0, 0

    def files(self) -> list[str]:
        return model_directory_files(self.path)


class PbtxtCarrier(Carrier):
    name = "pbtxt"
    hooks = ("check_config",)
    label = "a model configuration (protobuf text format)"
    priority = 50

    def claims(self, path: str, head: bytes) -> bool:
        return basename(path) == "config.pbtxt"

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        model = ModelFile(text, ctx.path, parse_config(text))
        run_report_rules(ctx, rules, "check_config", model)
        return text

    def validate(self, text: str) -> str | None:
        try:
            parse_config(text)
        except CarrierParseError as exc:
            return str(exc)
        return None


CARRIER = PbtxtCarrier()
