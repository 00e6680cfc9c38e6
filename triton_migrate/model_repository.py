"""Read model configurations (`config.pbtxt`) from the user's model repositories.

Parsed for real by `triton_migrate.model_config.parse_model_config` into our
V1 `ModelConfig` message (V2-only fields are skipped), which has every field
the client rules need (`max_batch_size`, input/output names, data types,
dims, label files).  No `tritonclient` needed.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from triton_migrate.data.v1_client_api import CONFIG_DATATYPES
from triton_migrate.model_config import data_type_name, parse_model_config


@dataclass(frozen=True)
class Tensor:
    datatype: str  # V2 datatype ("INT32", "BYTES", ...)
    dims: tuple[int, ...]


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: str
    max_batch_size: int
    inputs: dict[str, Tensor]
    outputs: dict[str, Tensor]
    labelled: frozenset[str] = frozenset()  # outputs with a label_filename

    @property
    def batching(self) -> bool:
        return self.max_batch_size > 0


@lru_cache(maxsize=256)
def _read(path: str) -> Optional[ModelInfo]:
    from google.protobuf import text_format

    config_path = Path(path)
    try:
        config = parse_model_config(config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, text_format.ParseError):
        return None

    def tensors(items) -> dict[str, Tensor]:  # type: ignore[no-untyped-def]
        return {
            t.name: Tensor(CONFIG_DATATYPES.get(data_type_name(t), ""),
                           tuple(t.dims))
            for t in items
        }

    return ModelInfo(config.name or config_path.parent.name, str(config_path), config.max_batch_size,
                     tensors(config.input), tensors(config.output),
                     frozenset(t.name for t in config.output if t.label_filename))


def find_model(repositories: tuple[str, ...], name: str) -> Optional[ModelInfo]:
    """The configuration of model ``name`` in the first repository that has it."""
    for repository in repositories:
        path = Path(repository) / name / "config.pbtxt"
        if path.is_file():
            return _read(str(path))
    return None
