"""V1 programs wrapped in functions, several to a file: the shape of the bench's big file
(bench/python_verifier.py) and of tests/e2e/test_program_copies.py.

A program becomes ``def program_<name>_<round>():`` holding its lines, its top-level imports
hoisted to the top of the file.  Two copies of one program in a file hold classes, methods and
attributes of the same names in different scopes: what the analyses must not take for one thing.
"""
from __future__ import annotations

import ast


def wrap(name: str, source: str, round_: int) -> tuple[list[str], str]:
    """A V1 program as a function ``program_<name>_<round>()``: its top-level imports (returned apart,
    to be hoisted to the top of the file) and its other lines indented under the ``def``."""
    lines = source.splitlines()
    hoisted: set[int] = set()
    imports: list[str] = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            span = range(node.lineno - 1, node.end_lineno or node.lineno)
            hoisted.update(span)
            imports.append("\n".join(lines[k] for k in span))
    body = ["    " + line if line.strip() else "" for k, line in enumerate(lines) if k not in hoisted]
    return imports, f"def program_{name}_{round_}():\n" + "\n".join(body) + "\n"


def joined(imports: list[str], functions: list[str], calls: list[str] = ()) -> str:  # type: ignore[assignment]
    """One file: the imports once each (``__future__`` ones first), the functions, and, when ``calls``
    names some, a ``__main__`` block calling them in turn."""
    unique = list(dict.fromkeys(imports))
    future = [line for line in unique if line.startswith("from __future__")]
    head = [line for line in unique if not line.startswith("from __future__")]
    main = ("\n\nif __name__ == '__main__':\n" + "".join(f"    {call}()\n" for call in calls)) if calls else ""
    return "\n".join(future + head) + "\n\n\n" + "\n\n".join(functions) + main


def copies(name: str, source: str, count: int) -> str:
    """``count`` copies of one program in one file, run one after the other when the file is run."""
    imports: list[str] = []
    functions: list[str] = []
    for round_ in range(count):
        hoist, function = wrap(name, source, round_)
        imports += hoist
        functions.append(function)
    return joined(imports, functions, [f"program_{name}_{round_}" for round_ in range(count)])
