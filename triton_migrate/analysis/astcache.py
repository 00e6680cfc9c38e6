"""One stdlib ``ast`` tree per text: the whole-file ``ast.parse`` of the Python side, shared.

During the migration of one file, several readers parse the same text with ``ast.parse``: the
verifier (`triton_migrate.analysis.verify`: its verdict, the residue scan, the V2-import check),
the rollback judges (`v1client.sharedcallback`, `v1client.shmhold`), `analysis.unloads`,
`analysis.dropchecks`, `v1client.subclass`, `v1client.paramhint` and ``v1_shared_client``.
Measured on a 2,500-line V1 file: ten whole-file parses of five distinct texts (about 7% of the
file's time). None of these readers changes the tree it is given (they keep their own maps from
node to parent, scope, ...), so one tree per text serves them all.

`parse` gives the tree ``ast.parse(text)`` gives (same node types, fields and positions: it is
that call's result); a text that does not parse raises what ``ast.parse`` raises, every time (a
failure is not kept).  The `KEEP` texts used last are kept (a file's original, its current output and
the round before); `forget` drops them (the carrier calls it when a file is done).
"""
from __future__ import annotations

import ast

# How many texts are kept: the original, the output of a round, the output of the round before.
KEEP = 3
_TREES: dict[str, ast.Module] = {}
# Parses done and parses served from the cache (for tests and bench/).
stats = {"parsed": 0, "reused": 0}


def parse(text: str) -> ast.Module:
    """``ast.parse(text)``, the same tree object for the same text while it is kept.  Callers must
    not change the tree."""
    tree = _TREES.pop(text, None)
    if tree is not None:
        stats["reused"] += 1
        _TREES[text] = tree  # the most recently used last
        return tree
    tree = ast.parse(text)  # raises as ast.parse does; nothing is kept then
    stats["parsed"] += 1
    if len(_TREES) >= KEEP:
        del _TREES[next(iter(_TREES))]  # the least recently used
    _TREES[text] = tree
    return tree


def forget() -> None:
    """Drop every kept tree."""
    _TREES.clear()
