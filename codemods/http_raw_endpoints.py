"""Move raw V1 REST calls in Python (`requests`, `urllib`, `http.client`, `aiohttp`, f-strings) to V2 paths.

## What it does
In Python string literals and f-strings (URLs passed to `requests`,
`urllib.request`, `http.client`, `aiohttp`, or built anywhere):

* rewrites the paths that map one to one: `/api/health/live|ready` to
  `/v2/health/live|ready`, `/api/modelcontrol/load/<m>` to
  `/v2/repository/models/<m>/load` (also `f".../load/{model}"`), unload
  likewise, `/api/repository/index` to `/v2/repository/index`;
* the repository index changed from GET to POST: `requests.get(url)` becomes
  `requests.post(url)` when the URL literal is the call's first argument;
  otherwise the method change is reported;
* a status request of one model read only for its configuration,
  `url = host + "/api/status/" + m [+ "?format=json"]`, `r = requests.get(url)`,
  then `json.loads(r.content)` (or `r.json()`) read only below
  `["modelStatus"][m]["config"]` down to one scalar field whose JSON value V1
  and V2 write alike, or a `ServerStatus()` filled by `text_format.Parse(r.content, s)`
  read only as `m in s.model_status`, becomes `GET .../v2/models/<m>/config`
  (the configuration JSON itself): the keys read are renamed with V1's
  `ModelConfig` descriptor (`maxBatchSize` -> `max_batch_size`), the listing
  check becomes `m == s.get("name")` (`triton_migrate/rawstatus.py`); a request
  whose answer is read for more (uptime, another model, a whole list) stays,
  with a finding that names that read;
* reports `/api/infer/...` (`NV-InferRequest` header and raw body became a JSON
  body; for a literal URL the finding names its V2 URL, and a literal
  `NV-InferRequest` header gets a finding with the V2 JSON request it becomes,
  parsed with the V1 `InferRequestHeader` descriptor), `/api/status` and `/api/sharedmemorycontrol/...` with the V2 endpoint
  and what changed, and a model-control path whose model name is appended
  with `+`.

## Why
A V2 server answers every `/api/...` path with 400.

## Example
```python
# before
requests.get(f"http://{host}:8000/api/health/ready")
requests.post(f"http://{host}:8000/api/modelcontrol/load/{model}")
url = host + "/api/status/" + model + "?format=json"
r = requests.get(url)
batch = json.loads(r.content)["modelStatus"][model]["config"]["maxBatchSize"]
# after
requests.get(f"http://{host}:8000/v2/health/ready")
requests.post(f"http://{host}:8000/v2/repository/models/{model}/load")
url = host + "/v2/models/" + model + "/config"
r = requests.get(url)
batch = json.loads(r.content)["max_batch_size"]
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider

from triton_migrate import rawinfer, rawstatus
from triton_migrate.analysis.resolve import walk
from triton_migrate.data.http_v1_v2 import INDEX_PATH, MODEL_CONTROL_PREFIX, REPORTS, REWRITES
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Raw V1 REST in Python: rewrite /api/health, /api/modelcontrol, /api/repository/index paths (GET->POST); report /api/infer, /api/status, shm",
    carriers=("python", "notebook"),
    fix="review",
    # The V1 endpoint families, not bare "/api/": URLs in comments and docs
    # elsewhere (the standard library has dozens) would send files to the parser.
    needles=(b"/api/health", b"/api/infer", b"/api/status", b"/api/modelcontrol",
             b"/api/repository", b"/api/sharedmemorycontrol"),
    order=40,
    doc=__doc__ or "",
)

_REWRITES = [(re.compile(p), new, why) for p, new, why in REWRITES]
_REPORTS = [(re.compile(p), v2, why) for p, v2, why in REPORTS]
_PREFIX = re.compile(MODEL_CONTROL_PREFIX)


class _Paths(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ParentNodeProvider)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.index_literals: set[int] = set()
        self.status_plans: dict[cst.CSTNode, str] = {}  # node -> V2 code (rawstatus plans)
        self.status_removed: set[cst.CSTNode] = set()
        self.status_literals: set[cst.CSTNode] = set()  # literals of converted status URLs (no report)

    def visit_Module(self, node: cst.Module) -> None:
        """Raw status requests read only for one model's configuration (triton_migrate/rawstatus.py)."""
        if "/api/status" not in node.code:
            return
        for plan in rawstatus.plan_module(node, lambda n: self.get_metadata(ParentNodeProvider, n, None)):
            if isinstance(plan, tuple):
                url, why = plan
                self.ctx.report(**self._where(url), severity="warning", v1="GET /api/status/<model>",
                                replacement="GET /v2/models/<model>/config (and read it with V2's field names)",
                                message="this V1 status request of one model is not converted to GET "
                                        f"/v2/models/<model>/config (the configuration JSON): {why}.")
                continue
            what = ("whether the model is listed (`m in status.model_status` -> the name of the configuration)"
                    if plan.text_form else "the model's configuration")
            if not self.ctx.report(
                    **self._where(plan.url), severity="warning", applied=True, v1="GET /api/status/<model>",
                    replacement=plan.v2_url,
                    message=f"this V1 status request is read only for {what}: it is now GET "
                            f"/v2/models/<model>/config, whose answer is the configuration JSON itself "
                            f"(model {plan.model}). Review: the keys read below it are V2's (as in config.pbtxt: "
                            "max_batch_size, data_type; V1's protobuf JSON wrote maxBatchSize, dataType); V2 "
                            "ignores ?format= and always answers JSON; an unknown model is a 404 with "
                            "{\"error\": ...}."):
                continue
            self.status_plans.update(plan.replace)
            self.status_removed |= plan.remove
            self.status_literals |= {n for n in walk(plan.url) if isinstance(n, cst.SimpleString)}

    def on_leave(self, original, updated):  # type: ignore[no-untyped-def, override]
        updated = super().on_leave(original, updated)
        if original in self.status_removed:
            return cst.RemoveFromParent()
        new = self.status_plans.get(original)
        if new is None:
            return updated
        if isinstance(original, cst.SimpleStatementLine):
            return cst.parse_statement(new).with_changes(leading_lines=original.leading_lines)
        expr = cst.parse_expression(new)
        return expr.with_changes(lpar=original.lpar, rpar=original.rpar) if getattr(original, "lpar", None) else expr

    def _where(self, node: cst.CSTNode) -> dict[str, int]:
        rng = self.get_metadata(PositionProvider, node)
        return {"line": rng.start.line, "column": rng.start.column, "end_line": rng.end.line, "end_column": rng.end.column}

    def _rewrite(self, node: cst.CSTNode, text: str) -> str:
        for pattern, v2, why in _REPORTS:
            for match in pattern.finditer(text):
                path = rawinfer.v2_path(_value(node)) if match.group(0).startswith("/api/infer") else None
                self.ctx.report(**self._where(node), severity="warning", v1=match.group(0),
                                replacement=f"POST {path}" if path else v2,
                                message=f"{why} Here: POST {path}." if path else why)
        for pattern, new, why in _REWRITES:
            def swap(match: re.Match[str], new: str = new, why: str = why) -> str:
                value = match.expand(new)
                if self.ctx.report(**self._where(node), severity="info", applied=True, v1=match.group(0),
                                   replacement=value, message=why):
                    if INDEX_PATH in match.group(0):
                        self.index_literals.add(id(node))
                    return value
                return match.group(0)
            text = pattern.sub(swap, text)
        return text

    def visit_DictElement(self, node: cst.DictElement) -> None:
        """``{'NV-InferRequest': 'batch_size: 1 input { name: "IN" } ...'}``: the V2 request it becomes."""
        if not (isinstance(node.key, cst.SimpleString) and isinstance(node.value, cst.SimpleString)):
            return
        if (node.key.evaluated_value or "").lower() != "nv-inferrequest":  # type: ignore[union-attr]
            return
        request = rawinfer.v2_request(_value(node.value))
        if request is None:
            return
        self.ctx.report(**self._where(node.value), severity="warning", v1="NV-InferRequest",
                        replacement=request,
                        message="V2 has no NV-InferRequest header: this V1 request header is, in V2, the JSON "
                                f"inference request {request} sent first in the body (header "
                                "Inference-Header-Content-Length: its byte length; the raw input bytes follow), "
                                "and V2 answers errors with a non-200 status and {\"error\": ...} in the body "
                                "instead of an NV-Status header.")

    def leave_SimpleString(self, original: cst.SimpleString, updated: cst.SimpleString) -> cst.SimpleString:
        if "/api/" not in original.value or "b" in original.prefix.lower() or original in self.status_literals:
            return updated
        new = self._rewrite(original, original.value)
        if re.search(r"/api/modelcontrol/(load|unload)/?[\"']$", original.value):
            self.ctx.report(**self._where(original), severity="warning", v1="/api/modelcontrol/...",
                            replacement="/v2/repository/models/<model>/load|unload",
                            message="the model name is appended to a V1 model-control path; in V2 it sits inside the "
                                    "path: build f\"/v2/repository/models/{model}/load\" (or /unload)")
        return updated.with_changes(value=new) if new != original.value else updated

    def leave_FormattedString(self, original: cst.FormattedString, updated: cst.FormattedString) -> cst.FormattedString:
        if not any(isinstance(p, cst.FormattedStringText) and "/api/" in p.value for p in original.parts):
            return updated
        parts = list(updated.parts)
        out: list[cst.BaseFormattedStringContent] = []
        i = 0
        changed = False
        while i < len(parts):
            part = parts[i]
            if isinstance(part, cst.FormattedStringText):
                match = _PREFIX.search(part.value)
                if match and i + 1 < len(parts) and isinstance(parts[i + 1], cst.FormattedStringExpression):
                    after = parts[i + 2] if i + 2 < len(parts) else None
                    if after is None or (isinstance(after, cst.FormattedStringText) and after.value[:1] in ("", "?", "\"", "'")):
                        action = match.group(1)
                        if self.ctx.report(**self._where(original), severity="info", applied=True,
                                           v1=f"/api/modelcontrol/{action}/{{model}}",
                                           replacement=f"/v2/repository/models/{{model}}/{action}",
                                           message=f"POST /api/modelcontrol/{action}/<model> is POST "
                                                   f"/v2/repository/models/<model>/{action} in V2."):
                            out.append(part.with_changes(value=part.value[:match.start()] + "/v2/repository/models/"))
                            out.append(parts[i + 1])
                            out.append(cst.FormattedStringText(f"/{action}"))
                            changed = True
                            i += 2
                            continue
                new = self._rewrite(original, part.value)
                if new != part.value:
                    part = part.with_changes(value=new)
                    changed = True
                if id(original) in self.index_literals:
                    self.index_literals.add(id(original))
            out.append(part)
            i += 1
        return updated.with_changes(parts=out) if changed else updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if not original.args or id(original.args[0].value) not in self.index_literals:
            return updated
        names = {q.name for q in self.get_metadata(QualifiedNameProvider, original.func, set())}
        if names & {"requests.get", "requests.Session.get"} and isinstance(updated.func, (cst.Attribute, cst.Name)):
            func = updated.func
            if self.ctx.report(**self._where(original), severity="info", applied=True, v1="requests.get",
                               replacement="requests.post", message="the V2 repository index is a POST (V1: GET)"):
                new_func: cst.Attribute | cst.Name = (func.with_changes(attr=cst.Name("post"))
                                                          if isinstance(func, cst.Attribute) else func.with_changes(value="post"))
                return updated.with_changes(func=new_func)
            return updated
        # The method cannot be changed here: the path stays V1 too (all or nothing), so the
        # call still works on V1 and a second run still reports it.
        where = self._where(original.args[0].value)
        line = self.ctx.original_line(where["line"])
        self.ctx.findings[:] = [f for f in self.ctx.findings if not (
            f.applied and f.rule == RULE.id and f.line == line and f.column == where["column"])]
        args = list(updated.args)
        args[0] = args[0].with_changes(value=original.args[0].value)
        updated = updated.with_changes(args=args)
        self.ctx.report(**self._where(original), severity="warning", v1="GET /api/repository/index",
                        replacement="POST /v2/repository/index",
                        message="the V2 repository index must be requested with POST (V1: GET) and this call's method could not be changed: "
                                "left as it is; send POST /v2/repository/index")
        return updated


def _value(node: cst.CSTNode) -> str:
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else ""


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return wrapper.visit(_Paths(ctx))
