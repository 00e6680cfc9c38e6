"""Raw V1 status requests read only for one model's configuration, as V2 ``GET /v2/models/<m>/config``.

V1 answered ``GET /api/status/<model>`` with a ``ServerStatus`` (text protobuf
by default, JSON with ``?format=json`` or ``Accept: application/json``); a
test that reads nothing of it but the model's configuration
(``data["modelStatus"][m]["config"]["platform"]``) or whether the model is
listed (``m in status.model_status`` after ``text_format.Parse``) has a V2
request that gives exactly that: ``GET /v2/models/<m>/config``, the
configuration JSON itself (V2 ignores ``?format=``).  V2's JSON writes the
field names as in ``config.pbtxt`` (``max_batch_size``; V1's protobuf JSON
used ``maxBatchSize``), so the keys read after ``config`` are renamed with
V1's ``ModelConfig`` descriptor; each read must end on one scalar field whose
JSON value V1 and V2 write alike (not a whole message or list, which would be
read further with V1's names elsewhere, and not a 64-bit integer, a string in
V1's JSON and a number in V2's).

The unit is all or nothing, in one function (or the module body): the URL
``U = "<host>/api/status/" + M [+ "?format=json"]`` (or one literal with the
model in it) read once, by ``R = requests.get(U[, headers=...])``, whose
answer is read once: ``D = json.loads(R.content)`` / ``R.text`` / ``R.json()``
with every read of ``D`` below ``["modelStatus"][M]["config"]``; or
``S = ServerStatus()`` filled by ``text_format.Parse(R.content, S)`` and read
only as ``M in S.model_status``.  Anything else keeps the request V1 (the
rule's finding on the literal names it).  Nothing here edits: the plans say
which node becomes which text; ``codemods/http_raw_endpoints.py`` applies them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

import libcst as cst

STATUS = "/api/status/"
_QUERY = re.compile(r"^\?format=(json|text)$")
_IN_LITERAL = re.compile(r"/api/status/([\w.-]+)(\?format=(?:json|text))?$")
_JSON_READS = ("content", "text")

Parent = Callable[[cst.CSTNode], Optional[cst.CSTNode]]


@dataclass
class Plan:
    """One raw status request and the reads of its answer, as V2 code."""

    url: cst.BaseExpression  # the URL expression (its literals get no /api/status finding)
    replace: dict = field(default_factory=dict)  # original node -> new code
    remove: set = field(default_factory=set)  # statements that go away
    model: str = ""
    v2_url: str = ""
    text_form: bool = False


_WIDE = (3, 4, 6, 16, 18)  # TYPE_INT64, UINT64, FIXED64, SFIXED64, SINT64: strings in V1's JSON, numbers in V2's


def _repeated(field_) -> bool:  # type: ignore[no-untyped-def]
    """``is_repeated`` of newer protobuf, ``label`` of older ones."""
    repeated = getattr(field_, "is_repeated", None)
    if callable(repeated):
        repeated = repeated()
    return bool(repeated) if repeated is not None else field_.label == field_.LABEL_REPEATED


def config_path(keys: list[cst.BaseExpression]) -> Optional[list[Optional[str]]]:
    """The V2 JSON names of a read below V1's ``config`` (None for an index kept as it is), when the read
    ends on one scalar field of ``ModelConfig`` (V1's descriptor) whose JSON value is the same in V1 and
    V2; None otherwise (a whole message or list read, an unknown field, a 64-bit integer)."""
    try:
        from triton_migrate.protos_v1 import model_config_pb2
    except Exception:  # noqa: BLE001 - protobuf missing: nothing is converted
        return None
    message = model_config_pb2.ModelConfig.DESCRIPTOR
    current = None  # the field read last (None: the message itself)
    indexed = False  # an element of a repeated field or a map value was taken
    out: list[Optional[str]] = []
    for key in keys:
        value = _string(key)
        if current is not None and _repeated(current) and not indexed:
            entry = current.message_type
            if entry is not None and entry.GetOptions().map_entry:
                current, indexed = entry.fields_by_name["value"], False
            elif value is not None:
                return None
            else:
                indexed = True
            out.append(None)
            continue
        if current is not None:
            if current.message_type is None:
                return None
            message = current.message_type
        field_ = next((f for f in message.fields if value in (f.json_name, f.name)), None) if value else None
        if field_ is None:
            return None
        current, indexed = field_, False
        out.append(field_.name)
    if current is None or current.message_type is not None or current.type in _WIDE \
            or (_repeated(current) and not indexed):
        return None
    return out


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _adds(expr: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add) and not expr.lpar:
        return _adds(expr.left) + [expr.right]
    return [expr]


def _string(node: cst.CSTNode) -> Optional[str]:
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _quoted(node: cst.SimpleString, text: str) -> str:
    quote = node.quote
    return f"{node.prefix}{quote}{text}{quote}"


def _url(expr: cst.BaseExpression) -> Optional[tuple[str, cst.BaseExpression | str]]:
    """The V2 URL code for a V1 status URL of one model, and the model (expression, or literal text)."""
    parts = _adds(expr)
    for i, part in enumerate(parts):
        value = _string(part)
        if value is None or "/api/status" not in value:
            continue
        if any("/api/" in (_string(p) or "") for j, p in enumerate(parts) if j != i):
            return None
        before = [_code(p) for p in parts[:i]]
        if value.endswith(STATUS) and "\\" not in part.value and i + 1 < len(parts):  # type: ignore[attr-defined]
            model = parts[i + 1]
            if not isinstance(model, (cst.Name, cst.SimpleString, cst.Attribute)):
                return None
            rest = parts[i + 2:]
            if len(rest) > 1 or (rest and not (_string(rest[0]) is not None and _QUERY.match(_string(rest[0]) or ""))):
                return None
            head = _quoted(part, part.value[len(part.prefix) + len(part.quote):-len(part.quote)]  # type: ignore[attr-defined]
                           .replace(STATUS, "/v2/models/"))
            tail = _quoted(rest[0], "/config") if rest else '"/config"'  # type: ignore[arg-type]
            return " + ".join([*before, head, _code(model), tail]), model
        match = _IN_LITERAL.search(value)
        if match is None or i + 1 != len(parts) or "\\" in part.value:  # type: ignore[attr-defined]
            return None
        new = value[:match.start()] + f"/v2/models/{match[1]}/config"
        return " + ".join([*before, _quoted(part, new)]), match[1]  # type: ignore[arg-type]
    return None


class _Names(cst.CSTVisitor):
    """Every ``Name`` of a function body (not attribute names, keywords or nested scopes' own)."""

    def __init__(self) -> None:
        self.names: dict[str, list[cst.Name]] = {}

    def visit_Name(self, node: cst.Name) -> None:
        self.names.setdefault(node.value, []).append(node)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False


def _target(stmt: cst.CSTNode) -> Optional[tuple[str, cst.BaseExpression]]:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign):
        assign = stmt.body[0]
        if len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name):
            return assign.targets[0].target.value, assign.value
    return None


class _Block:
    """The straight-line statements of one function (or the module) and the names read in it."""

    def __init__(self, statements: list[cst.BaseStatement], parent: Parent) -> None:
        self.statements = statements
        self.parent = parent
        names = _Names()
        for stmt in statements:
            stmt.visit(names)
        self.names = names.names
        self.assigned = {}
        for stmt in statements:
            t = _target(stmt)
            if t is not None:
                self.assigned.setdefault(t[0], []).append(t[1])

    def reads(self, name: str) -> list[cst.Name]:
        """The reads of ``name`` (its single assignment excluded); None-like empty when assigned twice."""
        return [n for n in self.names.get(name, []) if not isinstance(self.parent(n), cst.AssignTarget)]

    def literal(self, expr: cst.CSTNode | str) -> Optional[str]:
        if isinstance(expr, str):
            return expr
        if _string(expr) is not None:
            return _string(expr)
        if isinstance(expr, cst.Name) and len(self.assigned.get(expr.value, [])) == 1:
            return _string(self.assigned[expr.value][0])
        return None

    def same(self, a: cst.CSTNode, b: cst.CSTNode | str) -> bool:
        if not isinstance(b, str) and _code(a) == _code(b) and isinstance(a, (cst.Name, cst.SimpleString)):
            return len(self.assigned.get(getattr(a, "value", ""), [])) <= 1
        la, lb = self.literal(a), self.literal(b)
        return la is not None and la == lb

    def statement_of(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        while node is not None and node not in self.statements:
            node = self.parent(node)  # type: ignore[assignment]
        return node


def _requests_get(value: cst.BaseExpression, url: str) -> bool:
    return (isinstance(value, cst.Call) and _code(value.func) in ("requests.get", "get")
            and bool(value.args) and value.args[0].keyword is None and not value.args[0].star
            and isinstance(value.args[0].value, cst.Name) and value.args[0].value.value == url
            and all(a.keyword is not None and a.keyword.value in ("headers", "timeout") for a in value.args[1:]))


def plan_block(statements: list[cst.BaseStatement], parent: Parent) -> list[Plan | tuple]:
    """The plans of one block; a request recognized whose answer is read for more: (URL node, why)."""
    block = _Block(statements, parent)
    plans: list[Plan | tuple] = []
    for stmt in statements:
        t = _target(stmt)
        if t is None or "/api/status" not in _code(t[1]):
            continue
        found = _url(t[1])
        if found is None:
            continue
        plan = _plan(block, stmt, t[0], t[1], *found)
        if isinstance(plan, str):
            plans.append((t[1], plan))
        elif plan is not None:
            plans.append(plan)
    return plans


def _plan(block: _Block, stmt, url_name: str, url_expr, v2_url: str, model) -> Plan | str | None:  # type: ignore[no-untyped-def]
    if len(block.assigned.get(url_name, [])) != 1:
        return None
    uses = block.reads(url_name)
    if len(uses) != 1:
        return None
    call = block.parent(block.parent(uses[0]))  # Name -> Arg -> Call
    request = block.statement_of(uses[0])
    t = _target(request) if request is not None else None
    if t is None or t[1] is not call or not _requests_get(call, url_name) \
            or len(block.assigned.get(t[0], [])) != 1:
        return None
    response = t[0]
    reads = block.reads(response)
    if len(reads) != 1:
        return None
    read = block.parent(reads[0])
    plan = Plan(url=url_expr, v2_url=v2_url, model=_code(model) if not isinstance(model, str) else repr(model))
    plan.replace[url_expr] = v2_url
    if isinstance(read, cst.Attribute) and read.attr.value == "json":
        outer = block.parent(read)
        if not (isinstance(outer, cst.Call) and not outer.args):
            return None
        return _json_reads(block, plan, outer, model)
    if not (isinstance(read, cst.Attribute) and read.attr.value in _JSON_READS):
        return None
    arg = block.parent(read)
    outer = block.parent(arg)
    if not (isinstance(arg, cst.Arg) and isinstance(outer, cst.Call)):
        return None
    func = _code(outer.func)
    if func in ("json.loads", "loads") and len(outer.args) == 1:
        return _json_reads(block, plan, outer, model)
    if func in ("text_format.Parse", "Parse") and len(outer.args) == 2 and outer.args[0] is arg:
        return _text_reads(block, plan, outer, model, response)
    return None


def _json_reads(block: _Block, plan: Plan, loaded: cst.Call, model) -> Plan | str | None:  # type: ignore[no-untyped-def]
    stmt = block.statement_of(loaded)
    t = _target(stmt) if stmt is not None else None
    if t is not None and t[1] is loaded:  # D = json.loads(R.content): every read of D
        if len(block.assigned.get(t[0], [])) != 1:
            return None
        reads: list[cst.CSTNode] = list(block.reads(t[0]))
    else:  # json.loads(R.content)["modelStatus"]...: the answer read where it is loaded
        reads = [loaded]
    if not reads:
        return None
    for name in reads:
        chain: list[cst.Subscript] = []
        node = name
        while True:
            up = block.parent(node)
            if not (isinstance(up, cst.Subscript) and up.value is node and len(up.slice) == 1
                    and isinstance(up.slice[0].slice, cst.Index)):
                break
            chain.append(up)
            node = up
        keys = [s.slice[0].slice.value for s in chain]  # type: ignore[union-attr]
        if len(keys) < 3 or _string(keys[0]) != "modelStatus" or not block.same(keys[1], model) \
                or _string(keys[2]) != "config":
            return (f"`{_code(chain[-1] if chain else name)}` reads something else than the configuration of "
                    f"{plan.model}")
        names = config_path(keys[3:])
        if names is None:
            return (f"`{_code(chain[-1])}` does not read one scalar field of the configuration that V1 and V2 "
                    "write alike (a whole message or list, read further elsewhere with V1's names, or a 64-bit "
                    "integer: a string in V1's JSON, a number in V2's)")
        text = _code(name)
        for key, field_name in zip(keys[3:], names):
            text += f"[{_code(key)}]" if field_name is None else f"[{_quoted(key, field_name)}]"  # type: ignore[arg-type]
        plan.replace[chain[-1]] = text
    return plan


def _text_reads(block: _Block, plan: Plan, parse: cst.Call, model, response: str) -> Plan | str | None:  # type: ignore[no-untyped-def]
    target = parse.args[1].value
    stmt = block.statement_of(parse)
    if not (isinstance(target, cst.Name) and isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1
            and isinstance(stmt.body[0], cst.Expr) and stmt.body[0].value is parse):
        return None
    made = block.assigned.get(target.value, [])
    if len(made) != 1 or not (isinstance(made[0], cst.Call) and not made[0].args
                              and _code(made[0].func).split(".")[-1] == "ServerStatus"):
        return None
    creation = block.statement_of(made[0])
    plan.text_form = True
    plan.remove.add(creation)
    plan.replace[stmt] = f"{target.value} = {response}.json()"
    for name in block.reads(target.value):
        if name is target:
            continue
        attr = block.parent(name)
        comparison_target = block.parent(attr) if isinstance(attr, cst.Attribute) else None
        cmp = block.parent(comparison_target) if isinstance(comparison_target, cst.ComparisonTarget) else None
        if not (isinstance(attr, cst.Attribute) and attr.attr.value == "model_status"
                and isinstance(cmp, cst.Comparison) and len(cmp.comparisons) == 1
                and isinstance(cmp.comparisons[0].operator, (cst.In, cst.NotIn)) and block.same(cmp.left, model)):
            return f"`{_code(attr)}` is read for more than whether {plan.model} is listed"
        op = "!=" if isinstance(cmp.comparisons[0].operator, cst.NotIn) else "=="
        plan.replace[cmp] = f'{_code(cmp.left)} {op} {target.value}.get("name")'
    return plan


def plan_module(module: cst.Module, parent: Parent) -> list[Plan | tuple]:
    """The plans of every function of ``module`` and of its body (see plan_block)."""
    plans = plan_block(list(module.body), parent)

    class _Functions(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            if isinstance(node.body, cst.IndentedBlock):
                plans.extend(plan_block(list(node.body.body), parent))

    module.visit(_Functions())
    return plans
