"""Parse a model configuration (`config.pbtxt` text) with protobuf's text format: the one parser.

Our own compiled V1 protos (`triton_migrate.protos_v1.model_config_pb2`) are
always available; V1's fields are a subset of V2's, so V2-only fields are
skipped (``allow_unknown_field=True``).  ``check_fields=True`` (the pbtxt
carrier, which reports files that do not parse) uses the V2 ``ModelConfig`` of
an installed ``tritonclient`` instead, strictly, so a misspelt field is an
error; ``tritonclient`` is a test extra, not a dependency, so without it
the V1 message is used in that mode too.
"""
from __future__ import annotations

from typing import Any


def model_config_class(check_fields: bool = False) -> tuple[Any, bool]:
    """The ModelConfig message class and whether it is the V2 one."""
    if check_fields:
        try:
            from tritonclient.grpc import model_config_pb2

            return model_config_pb2.ModelConfig, True
        except ImportError:
            pass
    from triton_migrate.protos_v1 import model_config_pb2 as v1

    return v1.ModelConfig, False


def parse_model_config(text: str, *, check_fields: bool = False) -> Any:
    """The ModelConfig message of ``text``; raises ``google.protobuf.text_format.ParseError``."""
    from google.protobuf import text_format

    cls, v2 = model_config_class(check_fields)
    return text_format.Parse(text, cls(), allow_unknown_field=not v2)


def data_type_name(tensor: Any) -> str:
    """``"TYPE_INT32"`` for the ``data_type`` of a ModelInput / ModelOutput message."""
    enum = tensor.DESCRIPTOR.fields_by_name["data_type"].enum_type
    value = enum.values_by_number.get(tensor.data_type)
    return value.name if value is not None else ""


_BACKEND = None


def config_backend(config: Any, text: str) -> str:
    """The V2 ``backend`` of a configuration, also when it was parsed into the V1 message (which has no such field).

    The V1 message skips V2-only fields, so the value is then read from the
    text: the first ``backend: "..."`` outside comments and outside any
    nested message (no ``ModelConfig`` sub-message has a ``backend`` field).
    """
    global _BACKEND
    if "backend" in type(config).DESCRIPTOR.fields_by_name:
        return str(config.backend)
    if _BACKEND is None:
        import re

        _BACKEND = re.compile(r'\bbackend\s*:\s*"([^"\n]*)"')
    depth = 0
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        if depth == 0:
            match = _BACKEND.search(code)
            if match and "{" not in code[:match.start()] and "[" not in code[:match.start()]:
                return match.group(1)
        depth = max(0, depth + code.count("{") + code.count("[") - code.count("}") - code.count("]"))
    return ""
