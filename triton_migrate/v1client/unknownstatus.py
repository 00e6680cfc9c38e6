"""A status fetched for one model and never read: V1's check that the server knows the model.

V1 tests build ``ServerStatusContext(url, protocol, m)``, call ``get_server_status()``
and read nothing: the point is whether it raises.  V1 raised
``InferenceServerException`` ("no status available for unknown model 'm'") when the
server had no status for ``m``: a model never loaded (explicit model control, or
loading disabled), or one whose configuration could not be read.  A model that was
loaded once, unloaded, or failed in initialization had a status
(``MODEL_UNAVAILABLE``), and the call did not raise.

V2's repository index tells the same apart (measured on tritonserver 2.51,
``bench/unload_probe.py``): a model of the repository never loaded, or whose
configuration failed to parse, is listed with its name only (no version, no state;
over gRPC empty strings); a loaded, unloaded or failed model is listed per version with
a state (``READY``, ``UNAVAILABLE`` with its reason, ...); a model not in the
repository is not listed.  So ``status = ctx.get_server_status()`` becomes the
filtered listing ``v1_status`` fetches anyway and::

    if not [entry for entry in status_models if entry["state"]]:
        raise <module>.InferenceServerException("no status available for unknown model '{}'".format(m))

(V1's message, so that a handler checking ``ex.message()`` keeps working; each V2
client module exports ``tritonclient.utils.InferenceServerException``).  Only when the
module expression is a plain name or an element (``grpcclient``, ``protocol``,
``pair[1]``): evaluated again, it calls nothing.
"""
from __future__ import annotations

import re

__all__ = ["NOTE", "convertible", "statements"]

NOTE = ("V1 raised for a model it had no status for; the V2 form raises the same exception (V1's message) when "
        "the repository index lists no state for the model (never loaded, or its configuration could not be "
        "read); a model loaded once and unloaded, or failed in initialization, has a state in both")


def convertible(module: str) -> bool:
    """The V2 module expression may be evaluated again where the status was fetched."""
    return re.fullmatch(r"[A-Za-z_][\w.]*(\[\d+\])?", module) is not None


def statements(models: str, module: str, model: str) -> list[str]:
    """What checks that the server knows ``model`` after the filtered listing ``models`` was fetched."""
    return [f'if not [entry for entry in {models} if entry["state"]]:\n'
            f'    raise {module}.InferenceServerException('
            f'"no status available for unknown model \'{{}}\'".format({model}))\n']
