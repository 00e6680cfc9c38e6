"""triton-migrate: move a code base from TensorRT Inference Server V1 to Triton V2."""
from __future__ import annotations

__version__ = "0.12.4"
