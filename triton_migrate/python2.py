"""The ``--fix-python2`` pre-pass: Python 2 source to Python 3 with fissix, before migrating.

Much V1-era client code is Python 2 (``print "..."``, ``except X, e``,
``dict.has_key``); it does not parse as Python 3, so the Python rules cannot
read it and the engine reports it as ``unparsable_file``. With
``--fix-python2`` the engine first converts such a file with the standard
fixers of `fissix <https://pypi.org/project/fissix/>`_ (the maintained fork of
the standard library's lib2to3, which Python 3.13 removed), then migrates the
Python 3 result; the file is written once, with both changes, and the report
names the conversion (``python2_converted``).

Only files that do not parse as Python 3 are touched; a file that fissix
cannot parse either, or whose conversion still does not parse, is reported as
before and left byte-identical. fissix is imported on first use, so runs over
Python 3 code never pay for it.
"""
from __future__ import annotations

import ast
from functools import lru_cache

#: The standard fixers (those marked explicit-only, which rewrite working
#: idioms rather than Python 2 syntax or APIs, are not run, as with 2to3).
FIXER_PACKAGE = "fissix.fixes"


class Python2Error(ValueError):
    """The text is not Python 2 that fissix can convert (the message says why)."""


@lru_cache(maxsize=1)
def _tool():
    from fissix.refactor import RefactoringTool, get_fixers_from_package

    # The standard set, as `2to3` runs it: every fixer of the package except
    # the explicit-only ones (RefactoringTool skips those unless named in
    # `explicit`). The grammar with the print statement is tried first, and
    # the one without it when the file imports print_function.
    tool = RefactoringTool(get_fixers_from_package(FIXER_PACKAGE), options={"print_function": False})
    tool.triton_fired = set()
    for fixer in tool.pre_order + tool.post_order:
        fixer.transform = _recording(fixer.transform, tool.triton_fired, fixer)
    return tool


def _recording(transform, fired: set, fixer):
    name = type(fixer).__module__.rsplit(".", 1)[-1].removeprefix("fix_")

    def wrapped(node, results):
        new = transform(node, results)
        if new is not None:
            fired.add(name)
        return new

    return wrapped


def parses_as_python3(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def convert(text: str, path: str = "<string>") -> tuple[str, list[str]]:
    """Convert Python 2 ``text`` to Python 3.

    Returns the new text and the names of the fixers that changed something.
    Raises :class:`Python2Error` when fissix cannot parse the text or its
    output is not Python 3.
    """
    from fissix.pgen2.parse import ParseError
    from fissix.pgen2.tokenize import TokenError

    tool = _tool()
    tool.triton_fired.clear()
    source = text if text.endswith("\n") else text + "\n"
    try:
        tree = tool.refactor_string(source, path)
    except (ParseError, TokenError, IndentationError, SyntaxError) as exc:
        raise Python2Error(f"not Python 2 either ({type(exc).__name__}: {exc})") from None
    except (RecursionError, MemoryError) as exc:
        raise Python2Error(f"too deeply nested for the Python 2 parser ({type(exc).__name__})") from None
    new = str(tree)
    if not text.endswith("\n") and new.endswith("\n"):
        new = new[:-1]
    if not parses_as_python3(new):
        raise Python2Error("the converted text still does not parse as Python 3")
    return new, sorted(tool.triton_fired)


def looks_like_python2(text: str) -> bool:
    """True when ``text`` is not Python 3 but fissix converts it to Python 3."""
    if parses_as_python3(text):
        return False
    try:
        convert(text)
    except Exception:  # a hint must never fail the file: any problem means "no"
        return False
    return True
