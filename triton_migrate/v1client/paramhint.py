"""What a person must do for ``ctx.run()`` on a helper's parameter that the tool could not plan.

`inferparams` and `helpers` convert a helper whose context parameter they can
follow to every call (a module-level function, contexts built in the calling
scope, no streaming or headers).  When they cannot, the ``run()`` on the
parameter stays V1 and is reported; a V2 client does not carry the model name,
so the fix always passes the settings the context held along with the client.
This module reads the file again with stdlib ``ast`` (only on that reporting
path) and says precisely which calls pass which contexts, with which model
name, and why the tool left them:

    `_test_helper()` is called 7 times, each with an InferContext made in the
    calling scope (model_name `model_name`): give it a `model_name` parameter ...

(No line numbers: a second run over the output, where lines moved, must report
the same message.)

Nothing is converted here (the helper and its contexts stay V1, each use
reported).
"""
from __future__ import annotations

import ast
from typing import Any, Optional, Union

from triton_migrate.analysis import astcache
from triton_migrate.analysis.verify import Model, _code
from triton_migrate.data.v1_client_api import CONTEXTS

Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]
_PARAMS = CONTEXTS["InferContext"].params
#: Words of a hint about streaming contexts (the finding's V2 line then names the stream API).
STREAM_MARK = "streaming gRPC InferContext"
_CACHE: list[Any] = [None, None]  # (source, model): the last file read


def _model(source: str) -> Optional[Model]:
    if _CACHE[0] != source:
        try:
            _CACHE[:] = [source, Model(astcache.parse(source))]
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            _CACHE[:] = [source, None]
    return _CACHE[1]  # type: ignore[no-any-return]


_FUNCTIONS: list[Any] = [None, []]  # (model, its functions in ast.walk order): one walk per file, not per hint


def _function_at(model: Model, line: int, param: str) -> Optional[Function]:
    best: Optional[Function] = None
    if _FUNCTIONS[0] is not model:
        _FUNCTIONS[:] = [model, [n for n in ast.walk(model.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]]
    for node in _FUNCTIONS[1]:
        if node.lineno <= line <= (node.end_lineno or 0) \
                and any(a.arg == param for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]):
            if best is None or node.lineno > best.lineno:
                best = node
    return best


def _calls(model: Model, function: Function) -> list[ast.Call]:
    klass = model.class_of.get(function)
    found = []
    for call in model.calls():
        func = call.func
        if klass is None and isinstance(func, ast.Name) and func.id == function.name:
            found.append(call)
        elif klass is not None and isinstance(func, ast.Attribute) and func.attr == function.name \
                and isinstance(func.value, ast.Name):
            caller = model.enclosing_function(call)
            if caller is not None and model.class_of.get(caller) is klass and model.self_name(caller) == func.value.id:
                found.append(call)
    return found


def _passed(model: Model, function: Function, call: ast.Call, param: str) -> Optional[ast.AST]:
    positional = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
    if model.self_name(function):
        positional = positional[1:]
    given = next((k.value for k in call.keywords if k.arg == param), None)
    if given is None and param in positional and positional.index(param) < len(call.args):
        given = call.args[positional.index(param)]
    return given


def _context_of(model: Model, call: ast.Call, value: ast.AST) -> Optional[ast.Call]:
    """The ``InferContext(...)`` the name ``value`` holds in the calling scope (its last assignment before)."""
    if isinstance(value, ast.Call) and model.constructed(value):
        return value
    if not isinstance(value, ast.Name):
        return None
    scope = model.scope_of.get(call)
    made = None
    for node in model.nodes_in(scope) if scope is not None else ():
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id == value.id and node.lineno <= call.lineno and model.constructed(node.value):
            if made is None or node.lineno > made.lineno:
                made = node.value  # type: ignore[assignment]
    return made


def _arg(call: ast.Call, name: str) -> Optional[ast.AST]:
    given = next((k.value for k in call.keywords if k.arg == name), None)
    if given is None and _PARAMS.index(name) < len(call.args):
        given = call.args[_PARAMS.index(name)]
    return given


def _variable_tensor_names(model: Model, line: int, param: str) -> list[str]:
    """The keys of the inputs / outputs dicts of ``param.run(...)`` at ``line`` that are not string literals."""
    found: list[str] = []
    for call in model.calls():
        func = call.func
        if call.lineno == line and isinstance(func, ast.Attribute) and func.attr in ("run", "async_run") \
                and isinstance(func.value, ast.Name) and func.value.id == param:
            for arg in call.args[:3]:
                if isinstance(arg, ast.Dict):
                    found += [_code(k) for k in arg.keys
                              if k is not None and not (isinstance(k, ast.Constant) and isinstance(k.value, str))]
    return list(dict.fromkeys(found))


def _kept_params(function: Function) -> set[str]:
    """Parameters of ``function`` that its body never assigns (a tensor name held in one converts)."""
    params = {a.arg for a in function.args.posonlyargs + function.args.args + function.args.kwonlyargs}
    stored = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))}
    return params - stored


def _other_references(model: Model, function: Function, calls: list[ast.Call]) -> bool:
    """The method's name is read as an attribute other than as the ``self.<method>(...)`` calls found."""
    called = {id(call.func) for call in calls}
    return any(isinstance(node, ast.Attribute) and node.attr == function.name and id(node) not in called
               for node in ast.walk(model.tree))


def _container_contexts(model: Model, call: ast.Call, holder: str) -> Optional[list[ast.Call]]:
    """The contexts a list named ``holder`` of the calling scope is filled with (``xs.append(C(...))``,
    ``xs = [C(...), ...]``); None when it holds anything else or nothing the tool sees."""
    scope = model.scope_of.get(call)
    found: list[ast.Call] = []
    for node in model.nodes_in(scope) if scope is not None else ():
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == holder and node.args:
            if not model.constructed(node.args[0]):
                return None
            found.append(node.args[0])  # type: ignore[arg-type]
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == holder for t in node.targets):
            if not isinstance(node.value, ast.List):
                return None
            if not all(model.constructed(e) for e in node.value.elts):
                return None
            found += node.value.elts  # type: ignore[arg-type]
    return found or None


def _roots(model: Model, function: Function, param: str, depth: int = 0) -> Optional[list[ast.Call]]:
    """Every V1 constructor whose context reaches ``param`` of ``function``: made in a calling scope, taken out
    of a list filled there (``xs[i]``), or forwarded by a caller's own parameter; None when one is untraced."""
    calls = _calls(model, function)
    if not calls or depth > 4:
        return None
    found: list[ast.Call] = []
    for call in calls:
        value = _passed(model, function, call, param)
        if value is None:
            return None
        context = _context_of(model, call, value)
        if context is not None:
            found.append(context)
            continue
        if isinstance(value, ast.Name):  # ``ctx = xs[i]`` before the call, or a parameter passed on
            scope = model.scope_of.get(call)
            assigned = [n for n in (model.nodes_in(scope) if scope is not None else ())
                        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == value.id
                                                            for t in n.targets)]
            caller = model.enclosing_function(call)
            params = [a.arg for a in caller.args.posonlyargs + caller.args.args + caller.args.kwonlyargs] \
                if caller is not None else []
            if not assigned and value.id in params:
                more = _roots(model, caller, value.id, depth + 1)  # type: ignore[arg-type]
                if more is None:
                    return None
                found += more
                continue
            if len(assigned) != 1:
                return None
            value = assigned[0].value
        if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name):
            held = _container_contexts(model, call, value.value.id)
            if held is None:
                return None
            found += held
            continue
        return None
    return found


def _stream_hint(model: Model, function: Function, param: str, line: int) -> str:
    """What to write when every context reaching ``param`` is a streaming gRPC context ("" otherwise)."""
    roots = _roots(model, function, param)
    if not roots or not all(isinstance(_arg(c, "streaming"), ast.Constant) and _arg(c, "streaming").value is True  # type: ignore[union-attr]
                            for c in roots):
        return ""
    ids = list(dict.fromkeys(_code(i) for i in (_arg(c, "correlation_id") for c in roots) if i is not None))
    method = next((c.func.attr for c in model.calls() if c.lineno == line and isinstance(c.func, ast.Attribute)
                   and isinstance(c.func.value, ast.Name) and c.func.value.id == param), "run")
    send = {"async_run": "send each request with `client.async_stream_infer(model_name, inputs, outputs=outputs, "
                         "request_id=..., sequence_id=sequence_id, sequence_start=..., sequence_end=...)` (the V1 "
                         "callback's work moves into the stream's callback, which gets `(result, error)`; the "
                         "response's id, `result.get_response().id`, tells which request it answers)",
            "get_async_run_results": "read each result in the stream's callback `(result, error)` (the response's "
                                     "id, `result.get_response().id`, is the request_id given to "
                                     "async_stream_infer(); an error comes with no id)",
            }.get(method, "call `client.infer(model_name, inputs, outputs=outputs, sequence_id=sequence_id, ...)` "
                          "or send on the stream")
    seq = f" (correlation_id {', '.join(f'`{i}`' for i in ids)})" if ids else ""
    return (f" Every context that reaches `{param}` is a {STREAM_MARK}{seq}, built where "
            f"`{function.name}()` cannot see it: a V2 stream belongs to one client, so pass one "
            "`grpcclient.InferenceServerClient` per context with its sequence id (a `(client, sequence_id)` pair) "
            "and the model name, open its stream once with `client.start_stream(callback=...)`, "
            f"{send}, and `client.stop_stream()` when the sequence is done.")


def hint(source: str, line: int, param: str) -> str:
    """Sentences for the ``run()`` on ``param`` at ``line`` of ``source`` (the text the rule reads); "" when
    nothing more precise can be said."""
    model = _model(source)
    if model is None:
        return ""
    function = _function_at(model, line, param)
    if function is None or model.self_name(function) == param:
        return ""  # ``self.run()`` in a subclass of InferContext: the subclass findings say what to do
    calls = sorted(_calls(model, function), key=lambda c: c.lineno)
    if not calls:
        return (f" `{function.name}()` is not called by name in this file: its callers must pass a V2 client and "
                f"the model name (a `model_name` parameter), and it calls `{param}.infer(model_name, inputs, "
                "outputs=outputs)`.")
    made, models, why = [], [], set()
    for call in calls:
        context = _context_of(model, call, _passed(model, function, call, param) or ast.Constant(None))
        if context is None:
            why.add("some calls pass a context the tool cannot trace to its constructor")
            continue
        made.append(context.lineno)
        name = _arg(context, "model_name")
        models.append(_code(name) if name is not None else "?")
        if _arg(context, "streaming") is not None:
            why.add("a context streams (gRPC stream: start_stream()/async_stream_infer() in V2)")
        if _arg(context, "http_headers") is not None:
            why.add("a context sends HTTP headers (pass headers= to each V2 call)")
        if _arg(context, "correlation_id") is not None:
            why.add("a context carries a correlation id (pass sequence_id= to each V2 call)")
        if model.scope_of.get(context) is not model.scope_of.get(call):
            why.add("a context is made in another scope than the call")
        protocol = _arg(context, "protocol")
        if protocol is not None and not (isinstance(protocol, ast.Attribute) and protocol.attr in ("HTTP", "GRPC")):
            why.add(f"a context's protocol is a value (`{_code(protocol)}`): make the client with its module "
                    "(httpclient or grpcclient) where the value is chosen")
    names = [n for n in _variable_tensor_names(model, line, param) if n not in _kept_params(function)]
    if names:
        why.add(f"tensor names in the run() are variables other than parameters of `{function.name}` it never "
                f"reassigns ({', '.join(f'`{n}`' for n in names)}): build InferInput/InferRequestedOutput with them "
                "and read the result with as_numpy(name)")
    if model.class_of.get(function) is not None and _other_references(model, function, calls):
        why.add(f"`{function.name}` is a method used other than by `self.{function.name}(...)` calls of its class")
    times = "once" if len(calls) == 1 else f"{len(calls)} times"
    stream = _stream_hint(model, function, param, line) if len(made) != len(calls) else ""
    if stream:
        return f" `{function.name}()` is called {times} in this file.{stream}"
    if not made:
        return (f" `{function.name}()` is called {times} in this file, and what it is passed as `{param}` is not "
                f"an InferContext(...) made in the calling scope: pass a V2 client and "
                f"the model name there (a `model_name` parameter), and call `{param}.infer(model_name, inputs, "
                "outputs=outputs)`.")
    shown = ", ".join(f"`{m}`" for m in dict.fromkeys(models)) or "?"
    literal = all(m.startswith(("'", '"')) for m in models)
    todo = (f"give `{function.name}` a `model_name` parameter (the model is known only at the calls), pass it at "
            f"each call, " if not literal or len(set(models)) > 1 else "")
    because = f" Left V1 because {'; '.join(sorted(why))}." if why else ""
    every = "" if len(made) == len(calls) else f" ({len(made)} of them traced)"
    return (f" `{function.name}()` is called {times} in this file with an InferContext made in the calling "
            f"scope{every} (model_name {shown}): {todo}"
            f"pass a V2 client as `{param}` and call `{param}.infer(model_name, inputs, outputs=outputs)`.{because}")


__all__ = ["STREAM_MARK", "hint"]
