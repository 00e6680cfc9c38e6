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

`walk` gives the nodes ``ast.walk(node)`` gives, in its order, as a list found once per node: the
readers above walk the same whole-file tree about ten times per text (measured on a 2,500-line
file: 14% of the file's time went to ``ast.walk``). Lists are kept for the nodes of kept trees
only, and dropped with them.
"""
from __future__ import annotations

import ast

# How many texts are kept: the original, the output of a round, the output of the round before.
KEEP = 3
_TREES: dict[str, ast.Module] = {}
# id(node) -> (node, its ast.walk order): nodes of kept trees (a whole tree, a function of it)
_WALKS: dict[int, tuple[ast.AST, list[ast.AST]]] = {}
# Parses done and parses served from the cache (for tests and bench/); walks done and served.
stats = {"parsed": 0, "reused": 0, "walked": 0, "walk_reused": 0}


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
        _WALKS.clear()  # some are of the tree dropped (the others are found again on need)
    _TREES[text] = tree
    return tree


def walk(node: ast.AST) -> list[ast.AST]:
    """``list(ast.walk(node))``, found once per node while the cache is not cleared. ``node`` must be a
    tree `parse` gave, or a node of one (callers must not change it, as for `parse`): the list is kept
    until a tree is dropped (with no tree kept, nothing is kept)."""
    entry = _WALKS.get(id(node))
    if entry is not None and entry[0] is node:
        stats["walk_reused"] += 1
        return entry[1]
    nodes = list(ast.walk(node))
    stats["walked"] += 1
    if _TREES:
        _WALKS[id(node)] = (node, nodes)  # the node is held: its id is not reused while kept
    return nodes


def forget() -> None:
    """Drop every kept tree."""
    _TREES.clear()
    _WALKS.clear()
