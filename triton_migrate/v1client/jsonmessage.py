"""V2 answers with one attribute shape on both protocols: HTTP's JSON parsed into the gRPC message.

A V1 status gave protobuf messages (``status.model_status[m].config.max_batch_size``,
``version_status[v].model_execution_count``).  V2's gRPC client still answers with
messages, its HTTP client with JSON dicts.  The status rewriter keeps attribute
access working by parsing the HTTP answer into the message type of the gRPC
answer (``json_format.ParseDict(..., ignore_unknown_fields=True)``, so fields a
newer server adds do not fail); a module chosen at run time gets both branches.
The caller adds ``from google.protobuf import json_format`` and the import of
``message``'s module (``tritonclient.grpc``).
"""
from __future__ import annotations

from triton_migrate.v1client.client import GRPC, HTTP


def parse(value: str, message: str) -> str:
    """The expression parsing the JSON ``value`` into a new ``message`` (code of the message class)."""
    return f"json_format.ParseDict({value}, {message}(), ignore_unknown_fields=True)"


def fetch(variable: str, call: str, module: str, message: str, grpc_tail: str, http_tail: str = "") -> list[str]:
    """Statements putting the answer of ``call`` into ``variable`` as a message on both protocols.

    ``grpc_tail`` / ``http_tail`` select the part wanted of the gRPC answer and of
    the parsed JSON (``.config`` of a ``ModelConfigResponse`` against the bare
    ``ModelConfig`` JSON; ``.model_stats[0]`` of both statistics answers).
    """
    if module == GRPC:
        return [f"{variable} = {call}{grpc_tail}"]
    if module == HTTP:
        return [f"{variable} = {parse(call, message)}{http_tail}"]
    return [f"{variable} = {call}",
            f"{variable} = {parse(variable, message)}{http_tail} if isinstance({variable}, dict) "
            f"else {variable}{grpc_tail}"]
