"""V1 and 2020 client wheels and the ``tritonclient`` requirement that replaces them.

Data only. Sources: spec section 5.4 (package eras) and the extras of the
installed ``tritonclient`` 2.73.0 wheel (``http``, ``grpc``, ``cuda``, ``all``,
``perf-analyzer``; the base wheel already holds ``tritonclient.utils`` and
system shared memory).
"""
from __future__ import annotations

from dataclasses import dataclass

NEW_PACKAGE = "tritonclient"
# tritonclient exists from 2.3.0 (20.09); versions follow the server's.
FIRST_TRITONCLIENT = "2.3.0"


@dataclass(frozen=True)
class OldPackage:
    """A client wheel that ``tritonclient`` replaces.

    ``extras`` are the ``tritonclient`` extras the old wheel stood for; when
    ``known`` is False the wheel covered several protocols and the tool cannot
    tell from the requirement line which one the code uses.
    """

    name: str
    extras: tuple[str, ...]
    known: bool
    why: str


OLD_PACKAGES: dict[str, OldPackage] = {
    "tensorrtserver": OldPackage(
        "tensorrtserver", ("all",), False,
        "the V1 wheel held both the HTTP and the gRPC client (and shared memory helpers)",
    ),
    "tritonhttpclient": OldPackage(
        "tritonhttpclient", ("http",), True, "the 2020 HTTP client wheel (2.0.0-2.2.0)",
    ),
    "tritongrpcclient": OldPackage(
        "tritongrpcclient", ("grpc",), True, "the 2020 gRPC client wheel (2.0.0-2.2.0)",
    ),
    "tritonclientutils": OldPackage(
        "tritonclientutils", (), True,
        "the 2020 utils wheel; tritonclient.utils is in the base tritonclient wheel",
    ),
    "tritonshmutils": OldPackage(
        "tritonshmutils", (), True,
        "the 2020 shared memory wheel; system shared memory is in the base tritonclient "
        "wheel, CUDA shared memory needs the [cuda] extra",
    ),
}

# How to narrow tritonclient[all] once the code is known.
NARROW_HINT = (
    "use tritonclient[http] if the code only imports tritonclient.http, "
    "tritonclient[grpc] for tritonclient.grpc, and add the cuda extra "
    "(tritonclient[grpc,cuda]) only for tritonclient.utils.cuda_shared_memory"
)


def normalize(name: str) -> str:
    """PEP 503 name normalization."""
    out = []
    previous_sep = False
    for char in name.lower():
        if char in "-_.":
            if not previous_sep:
                out.append("-")
            previous_sep = True
        else:
            out.append(char)
            previous_sep = False
    return "".join(out)
