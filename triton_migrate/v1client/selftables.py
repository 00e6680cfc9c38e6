"""Protocol rows kept on ``self`` and iterated by the class's methods.

A V1 test class often lists its servers once, in ``setUp``::

    def setUp(self):
        self.protocols_ = ((ProtocolType.HTTP, 'localhost:8000'),
                           (ProtocolType.GRPC, 'localhost:8001'))

    def test_graphdef(self):
        for protocol, url in self.protocols_:
            ctx = InferContext(url, protocol, model_name, None, True)

`v1_protocol` turns the rows' ``ProtocolType`` items into client modules
(``(httpclient, 'localhost:8000')``) when every read of them is a module use.
For rows kept on ``self`` that is proven here, all of it or nothing:

- the table is a tuple or list display of rows assigned to ``self.<attr>`` in a
  method (the only store of ``.<attr>`` anywhere in the file: no other object,
  no augmented assignment, no ``del``);
- every other ``.<attr>`` of the file is ``self.<attr>`` read in a method of
  the same class (or of a class of the file deriving from it is not followed:
  any other class keeps everything V1) as the iterable of a ``for`` loop whose
  target unpacks each row into names (or takes it whole and reads the item by
  a constant index);
- in each such loop, the protocol item is only used as a client module
  (`v1_protocol`'s own test, ``loop_item_use``).

Anything else (the table printed, indexed, passed to a function, read in
another class, a row of another width) leaves every row as it was, reported
as a ``ProtocolType`` value.
"""
from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import ParentNodeProvider

from triton_migrate.v1client.escape import enclosing, method_class, self_name, self_of_class_apart
from triton_migrate.v1client.modindex import index_of


def _self_attr(rewriter: Any, node: cst.Attribute) -> Any:
    """The class of the method in which ``node`` is ``self.<attr>``, else None."""
    method = enclosing(rewriter, node, cst.FunctionDef)
    if not isinstance(method, cst.FunctionDef) or not isinstance(node.value, cst.Name) \
            or self_name(method) != node.value.value:
        return None
    return method_class(rewriter, method)


def rows_use(rewriter: Any, assign: cst.Assign, index: int, width: int, depth: int) -> bool:
    """Whether the item at ``index`` of the rows ``assign`` stores on ``self`` is only used as a client
    module by the ``for`` loops of the class that iterate them."""
    if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Attribute):
        return False
    store = assign.targets[0].target
    cls = _self_attr(rewriter, store)
    if cls is None:
        return False
    table = assign.value
    if not isinstance(table, (cst.Tuple, cst.List)) or not all(
            isinstance(e, cst.Element) and isinstance(e.value, (cst.Tuple, cst.List)) and len(e.value.elements) == width
            and not any(isinstance(i, cst.StarredElement) for i in e.value.elements) for e in table.elements):
        return False
    loops = 0
    for node in index_of(rewriter.module).attributes.get(store.attr.value, []):
        if node is store or self_of_class_apart(rewriter, node, cls):
            continue  # the store, or ``self.<attr>`` of a class that shares no object with this one
        loop = rewriter.get_metadata(ParentNodeProvider, node, None)
        if _self_attr(rewriter, node) is not cls or not isinstance(loop, cst.For) or loop.iter is not node:
            return False  # another store, another object, or a read that is not a loop over the rows
        if not rewriter.loop_item_use(loop, index, width, depth):
            return False
        loops += 1
    return loops > 0
