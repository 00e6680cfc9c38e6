"""An independent V1 usage detector: where does a file still use the V1 API?

Shared by ``bench/corpus.py`` (real V1 code), the end-to-end program tests and
the property test (``tests/e2e``, ``tests/test_v1_shapes_property.py``). It
does not use the rewriters or their analysis: ``ast`` for Python, a regex for
other text.

* Python: each name imported from ``tensorrtserver``; each expression naming a
  V1-only API (``InferContext``, ``ProtocolType``, ``ResultFormat``,
  ``InferRequestHeader``, the V1 protobuf modules, a ``tensorrtserver`` module
  alias, ``InferenceServerException`` and friends when a V1 import binds them);
  each call of a V1-only method (``async_run``, ``get_async_run_results``,
  ``get_server_status``, ``get_stat``, ...); each method call on an object built
  from a V1 context class (``ctx.run``, ``self.ctx.load``, ...); each string
  holding a V1 endpoint, ``trtserver`` or a V1-only server flag. A Python file
  that does not parse is searched with the regex.
* Other text: each match of a V1 regex.
"""
from __future__ import annotations

import ast
import difflib
import re

V1_REGEX = re.compile(
    r"\btensorrtserver\b|(?<![\w/.-])trtserver(?![\w-])|\bInferContext\b|\bServer(?:Health|Status)Context\b|"
    r"\bModel(?:Control|Repository)Context\b|\bSharedMemoryControlContext\b|\bProtocolType\b|\bResultFormat\b|"
    r"\bInferRequestHeader\b|\bGRPCServiceStub\b|/api/(?:health|infer|status|modelcontrol|sharedmemorycontrol)\b|"
    r"TENSORRT_SERVER_|--(?:api-version|http-health-port|allow-poll-model-repository|allow-model-control|"
    r"tf-add-vgpu|tf-gpu-memory-fraction|tf-allow-soft-placement|grpc-infer-thread-count|"
    r"grpc-stream-infer-thread-count)\b")

#: Names that exist only in the V1 client (any use of them is V1 usage).
V1_NAMES = frozenset({
    "InferContext", "ServerHealthContext", "ServerStatusContext", "ModelControlContext",
    "ModelRepositoryContext", "SharedMemoryControlContext", "ProtocolType", "ResultFormat",
    "InferRequestHeader", "InferResponseHeader", "InferSharedMemory", "SharedMemoryStatus",
    "serialize_string_tensor", "GRPCServiceStub", "api_pb2", "server_status_pb2",
    "request_status_pb2", "grpc_service_pb2", "grpc_service_pb2_grpc", "tensorrtserver",
})
#: V1 context classes: objects built from them are tracked.
V1_CONTEXTS = frozenset(n for n in V1_NAMES if n.endswith("Context"))
#: Method names that exist only on V1 objects.
V1_METHODS = frozenset({
    "async_run", "get_async_run_results", "get_server_status", "get_stat", "get_shared_memory_status",
    "unregister_all", "cuda_register", "get_last_request_id", "get_last_request_model_name",
    "get_last_request_model_version", "get_ready_async_request",
})
#: Fields of the V1 status protobufs (``ServerStatus``, ``ModelStatus``) that V2 results do not have.
V1_FIELDS = frozenset({"model_status", "version_status", "ready_state", "uptime_ns", "status_stats",
                       "ready_state_reason", "model_execution_count", "model_inference_count"})
#: V1 names that V2 also has (the same name is V1 only when a V1 import binds it).
SHARED_NAMES = frozenset({"InferenceServerException", "model_config_pb2", "create_shared_memory_region",
                          "set_shared_memory_region", "destroy_shared_memory_region", "SharedMemoryException"})
V1_STRING = re.compile(
    r"/api/(?:health|infer|status|modelcontrol|sharedmemorycontrol)\b|(?<![\w/.-])trtserver(?![\w-])|"
    r"TENSORRT_SERVER_|--(?:api-version|http-health-port|allow-poll-model-repository|allow-model-control|"
    r"tf-add-vgpu|tf-gpu-memory-fraction|tf-allow-soft-placement|grpc-infer-thread-count|"
    r"grpc-stream-infer-thread-count)\b")


def _key(node: ast.AST) -> str | None:
    parts = _dotted(node)
    return ".".join(parts) if parts else None


def _dotted(node: ast.AST) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


class _Sites(ast.NodeVisitor):
    """Collect the line of every V1 site of one parsed Python file."""

    def __init__(self, tree: ast.AST) -> None:
        self.lines: list[int] = []
        self.v1_aliases: set[str] = set()  # names bound to a tensorrtserver module
        self.v1_bound: set[str] = set()  # names bound by a V1 import
        self.objects: set[str] = set()  # dotted names holding a V1 context
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] == "tensorrtserver":
                        self.v1_aliases.add(a.asname or "tensorrtserver")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tensorrtserver":
                for a in node.names:
                    if a.name == "*":
                        self.v1_bound |= SHARED_NAMES
                    else:
                        self.v1_bound.add(a.asname or a.name)
        self.containers: set[str] = set()  # dotted names of containers of V1 contexts
        self.factories: set[str] = set()  # functions returning a V1 context
        self.classes: set[str] = set(V1_CONTEXTS)  # V1 context classes and their subclasses
        self.class_stack: list[str] = []
        functions = {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for _ in range(4):  # propagate to a fixed point (small files, few rounds)
            size = len(self.objects) + len(self.containers) + len(self.factories) + len(self.classes)
            for node in ast.walk(tree):
                self._learn(node, functions)
            if size == len(self.objects) + len(self.containers) + len(self.factories) + len(self.classes):
                break

    def _learn(self, node: ast.AST, functions: dict) -> None:
        value, targets = None, []
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                name = _dotted(base)
                if name and name[-1] in self.classes:
                    self.classes.add(node.name)
        elif isinstance(node, ast.Assign):
            value, targets = node.value, node.targets
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            value, targets = node.value, [node.target]
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            value, targets = node.context_expr, [node.optional_vars]
        elif isinstance(node, (ast.For, ast.comprehension)):
            if any(isinstance(n, (ast.Name, ast.Attribute)) and _key(n) in self.containers
                   for n in ast.walk(node.iter)):
                for n in ast.walk(node.target):
                    if isinstance(n, ast.Name):
                        self.objects.add(n.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for n in ast.walk(node):
                if isinstance(n, ast.Return) and n.value is not None and self.holds(n.value):
                    self.factories.add(node.name)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("put", "append", "add", "insert", "appendleft", "setdefault") and any(
                    self.holds(a) for a in node.args):
                key = _key(node.func.value)
                if key:
                    self.containers.add(key)
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            target = functions.get(name[-1]) if name else None
            if target is not None:
                params = [a.arg for a in target.args.args]
                if params and params[0] in ("self", "cls") and len(name) > 1:
                    params = params[1:]
                for param, arg in zip(params, node.args):
                    if self.holds(arg):
                        self.objects.add(param)
                for kw in node.keywords:
                    if kw.arg in params and self.holds(kw.value):
                        self.objects.add(kw.arg)
        if value is None:
            return
        for target in targets:
            if isinstance(target, ast.Subscript):
                if self.holds(value):
                    key = _key(target.value)
                    if key:
                        self.containers.add(key)
                continue
            key = _key(target)
            if not key:
                continue
            if self.holds(value):
                self.objects.add(key)
            elif self.holds_many(value):
                self.containers.add(key)

    def holds(self, node: ast.AST) -> bool:
        """Is the value of ``node`` (probably) a V1 context?"""
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name and (name[-1] in self.classes or name[-1] in self.factories):
                return True
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "pop", "popleft", "get_nowait"):
                return _key(node.func.value) in self.containers
            return False
        if isinstance(node, ast.Subscript):
            return _key(node.value) in self.containers
        key = _key(node)
        return key is not None and key in self.objects

    def holds_many(self, node: ast.AST) -> bool:
        """Is ``node`` a container literal or comprehension of V1 contexts?"""
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return any(self.holds(e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return any(self.holds(v) for v in node.values)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return self.holds(node.elt)
        if isinstance(node, ast.DictComp):
            return self.holds(node.value)
        return False

    def _builds_context(self, call: ast.Call) -> bool:
        name = _dotted(call.func)
        return bool(name) and name[-1] in self.classes

    def _is_v1_chain(self, parts: list[str]) -> bool:
        if any(p in V1_NAMES or p in V1_FIELDS for p in parts[1:]) or parts[0] in V1_NAMES:
            return True
        if parts[0] in self.v1_aliases:
            return True
        return parts[0] in self.v1_bound

    def visit_Import(self, node: ast.Import) -> None:
        self.lines += [node.lineno for a in node.names if a.name.split(".")[0] == "tensorrtserver"]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if (node.module or "").split(".")[0] == "tensorrtserver":
            self.lines += [node.lineno] * len(node.names)

    def _chain(self, node: ast.AST) -> bool:
        parts = _dotted(node)
        if parts is None:
            return False
        if self._is_v1_chain(parts):
            self.lines.append(node.lineno)
        return True  # a plain dotted chain: nothing below it to visit

    def visit_Name(self, node: ast.Name) -> None:
        self._chain(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if not self._chain(node):
            self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = _dotted(func.value)
            in_v1_class = bool(self.class_stack) and self.class_stack[-1] in self.classes
            if (func.attr in V1_METHODS or self.holds(func.value)
                    or (in_v1_class and receiver == ["self"])):
                self.lines.append(func.lineno)
                if receiver is None:
                    self.visit(func.value)
            else:
                self.visit(func)
        else:
            self.visit(func)
        for arg in node.args:
            self.visit(arg)
        for kw in node.keywords:
            self.visit(kw.value)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.class_stack.append(node.name)
        self.generic_visit(node)
        self.class_stack.pop()

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            self.lines += [node.lineno] * len(V1_STRING.findall(node.value))


def v1_sites(path: str, text: str) -> list[int]:
    """The line of every V1 site of a file (a line may hold several)."""
    if path.endswith(".py"):
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            tree = None
        if tree is not None:
            finder = _Sites(tree)
            finder.visit(tree)
            return sorted(finder.lines)
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        lines += [number] * len(V1_REGEX.findall(line))
    return lines


def map_new_to_old(old: str, new: str) -> dict[int, tuple[int, int]]:
    """For each line of ``new`` (1-based), the range of ``old`` lines it comes from."""
    a, b = old.splitlines(), new.splitlines()
    mapping: dict[int, tuple[int, int]] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for j in range(j1, j2):
            if tag == "equal":
                mapping[j + 1] = (i1 + (j - j1) + 1,) * 2
            else:
                mapping[j + 1] = (i1 + 1, max(i2, i1 + 1))
    return mapping


def silent_lines(old: str, new: str, finding_lines: set[int], path: str = "x.py") -> list[int]:
    """Lines of ``new`` holding a V1 site that no finding (numbered in ``old``) names."""
    mapping = map_new_to_old(old, new)
    out = []
    for line in sorted(set(v1_sites(path, new))):
        lo, hi = mapping.get(line, (line, line))
        if not any(n in finding_lines for n in range(lo, hi + 1)):
            out.append(line)
    return out
