"""YAML files: Kubernetes manifests, Docker Compose files, Helm values and templates.

The file is read with ruamel.yaml's round-trip loader (no object is
constructed) only to find nodes and their positions; every edit is made on the
text by span, so comments, quoting and layout stay.  Helm templates parse
after their ``{{ }}`` actions are masked with placeholders of the same length
(whole-line actions become comments); a word holding an action is not literal.

Hooks, as for the shell carrier (``triton_migrate.carriers.shell``):

* ``rewrite_command(command, ctx)`` for each container's ``command`` + ``args``
  (Kubernetes; a block or flow list), each Compose ``command``/``entrypoint``
  (a list, or a string read as shell, also folded ``>`` or plain over several
  lines: see ``_Scanner.folded_script``), and the script of ``["sh", "-c", ...]``
  or a literal block (``|``) after ``-c``, and CI steps (GitHub Actions ``run``,
  GitLab CI ``script``/``before_script``) read as shell;
* ``rewrite_text(text, ctx)`` once on the whole text (images, env names, paths,
  probe paths are name-level);
* ``rewrite_image_tag(repository, tag_word, text, ctx) -> list[Edit]`` for each
  mapping with ``repository`` and ``tag`` keys (Helm values);
* ``review_probe(port, http_ports, span, text, ctx)`` for each
  ``livenessProbe``/``readinessProbe``/``startupProbe`` with ``httpGet``, given the
  container's HTTP ports (``containerPort`` named ``http`` or 8000, and any
  ``--http-port``).

A file that does not parse even masked raises ``CarrierParseError`` (it is
reported and left byte-identical).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, Optional, Union

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from triton_migrate.argv import (
    ShellSyntax,
    Word,
    YamlBlockSyntax,
    YamlFlowSyntax,
    line_index,
)
from triton_migrate.carriers import Carrier, CarrierParseError, extension, run_span_rules
from triton_migrate.shellspans import (
    command_edits,
    merge_edits,
    read_argv,
    report_unparsed,
    shell_rule_edits,
    text_edits,
)
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

_ACTION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_ACTION_LINE = re.compile(r"^([ \t]*)(\{\{.*?\}\})[ \t]*$", re.MULTILINE)
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


_last_masked = ("", "")  # the last text masked, and its mask (one tuple: read and set atomically)


def mask_templates(text: str) -> str:
    """Replace Helm/Go template actions by same-length placeholders."""
    global _last_masked
    last = _last_masked
    if last[0] is text:
        return last[1]
    masked = _mask_templates(text)
    _last_masked = (text, masked)
    return masked


def _mask_templates(text: str) -> str:
    if "{{" not in text:
        return text

    def whole_line(match: re.Match[str]) -> str:
        action = match.group(2)
        return match.group(1) + "#" + re.sub(r"[^\n]", " ", action[1:])

    text = _ACTION_LINE.sub(whole_line, text)
    return _ACTION.sub(lambda m: re.sub(r"[^\n]", "x", m.group(0)), text)


def _ruamel_load(masked: str) -> list[Any]:
    yaml = YAML(typ="rt")
    try:
        return list(yaml.load_all(masked))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise CarrierParseError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, line) from None
    except Exception as exc:  # noqa: BLE001 (ruamel raises a few non-YAMLError types on odd input)
        raise CarrierParseError(f"{type(exc).__name__}: {exc}") from None


def load(text: str) -> list[Any]:
    """Every document of ``text`` (Helm actions masked), composed by ruamel (slow: 10 s per MB)."""
    return _ruamel_load(mask_templates(text))


_DOCUMENT_MARKER = re.compile(r"\n(?:---|\.\.\.)(?=[ \t\r\n]|$)")


def documents(text: str, cache: dict[str, Any] | None = None) -> list[tuple[int, int]]:
    """The spans of the documents of a YAML stream: each starts at a column-0 ``---``
    (or ``...``) line, which YAML reads as a document marker wherever it stands.
    ``cache`` (the file's ``ctx.scratch``) keeps them while the text does not change."""
    if cache is not None and cache.get("yaml.documents.text") is text:
        return list(cache["yaml.documents"])
    starts = [0] + [m.start() + 1 for m in _DOCUMENT_MARKER.finditer(text)]
    spans = [(a, b) for a, b in zip(starts, starts[1:] + [len(text)]) if a < b]
    if cache is not None:
        cache["yaml.documents.text"], cache["yaml.documents"] = text, spans
    return list(spans)


Needles = Optional[tuple[Union[str, tuple[str, ...]], ...]]  # noqa: UP007 (evaluated at run time on 3.9)


def needle_documents(text: str, needles: Needles, cache: dict[str, Any] | None = None) -> list[tuple[int, int, int]]:
    """(start, end, first line - 1) of the documents holding one of ``needles``
    (None: all).  A needle may be a tuple of strings that must all occur in the document.
    Kept in ``cache`` while the text does not change (each rule asks)."""
    if cache is not None:
        if cache.get("yaml.needles.text") is not text:
            cache["yaml.needles.text"], cache["yaml.needles"] = text, {}
        known = cache["yaml.needles"].get(needles)
        if known is None:
            known = cache["yaml.needles"][needles] = _needle_documents(text, needles, cache)
        return list(known)
    return _needle_documents(text, needles, cache)


def _needle_documents(text: str, needles: Needles, cache: dict[str, Any] | None) -> list[tuple[int, int, int]]:
    spans = documents(text, cache)
    if needles is None:
        chosen = set(range(len(spans)))
    else:
        starts = [a for a, _ in spans]
        chosen = set()
        for needle in needles:
            first, *others = (needle,) if isinstance(needle, str) else needle
            at = text.find(first)
            while at >= 0:
                k = bisect_right(starts, at) - 1
                start, end = spans[k]
                if not others or all(text.find(o, start, end) >= 0 for o in others):
                    chosen.add(k)
                at = text.find(first, end)  # the next document
    out = []
    line = 0
    previous = 0
    for k in sorted(chosen):
        start, end = spans[k]
        line += text.count("\n", previous, start)
        previous = start
        out.append((start, end, line))
    return out


def check_syntax(masked: str) -> None:
    """Raise CarrierParseError when ``masked`` is not YAML.  libyaml's C parser
    (PyYAML) reads a megabyte in a tenth of a second; what it refuses is asked
    to ruamel (YAML 1.2) before it is called broken."""
    try:
        import yaml as pyyaml

        loader = getattr(pyyaml, "CSafeLoader", None)
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        loader = None
    if loader is not None:
        parser = loader(masked)
        try:
            parser.raw_parse()  # events stay in C: no Python object per event
            return
        except pyyaml.YAMLError:
            pass
        finally:
            parser.dispose()
    _ruamel_load(masked)


# -- large documents: read locally -------------------------------------------
#
# Composing a document with ruamel costs about 10 s per MB, and even libyaml's
# C parser reads only about 100 MB/s.  A document larger than LOCAL_ABOVE is
# therefore never read whole: around each needle the carrier finds, from the
# indentation of the lines alone, the subtree (a mapping entry or a sequence
# item) that holds it, proves that the subtree stands in block context (every
# line above it that could open a scalar, a flow collection or a block scalar
# around it is looked at), and composes or syntax-checks only that text, at its
# own lines and columns.  Anything the outline cannot prove (tabs, complex
# keys, a document that is a flow collection or a scalar, an alias to an anchor
# outside the subtree) falls back to the whole document.

LOCAL_ABOVE = 64 * 1024
# The keys the node hooks read in a mapping (see YamlCarrier._node_edits).
NODE_KEYS = frozenset(("command", "entrypoint", "args", "run", "script", "before_script", "ports",
                       "repository", "tag", "httpGet", *PROBES))
# A node hook sees the mapping that holds the V1 line and its enclosing
# subtrees up to this size (the container around a probe, say).
REGION_UP_TO = 64 * 1024

_PLAIN_KEY = re.compile(
    r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|(?![-?:][ \t]|[-?:]$|[,\[\]{}#&*!|>'"%@`])[^\n]*?)[ \t]*:(?=[ \t]|$)""")
_PROPS = re.compile(r"(?:[&!]\S*[ \t]*)+")
_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"[ \t]*(?:#.*)?$')
_SINGLE = re.compile(r"'(?:[^']|'')*'[ \t]*(?:#.*)?$")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")
_QUOTED = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'""")


class _Shape:
    """What one line opens, read from its text: ``indent``; ``dash`` when it starts
    sequence items; ``key_col`` the column of its last key (None: no key);
    ``kind``: ``open`` (children follow), ``block`` (a ``|``/``>`` scalar follows),
    ``value`` (a value complete on the line, or a plain scalar that deeper lines continue),
    ``multi`` (a quoted scalar or flow collection left open), ``unsafe``."""

    __slots__ = ("indent", "dash", "key_col", "key", "kind")

    def __init__(self, line: str) -> None:
        body = line.rstrip("\r")
        self.indent = len(body) - len(body.lstrip(" "))
        self.dash = False
        self.key_col: int | None = None
        self.key = ""
        self.kind = "unsafe"
        if body[self.indent:self.indent + 1] == "\t":
            return
        pos = self.indent
        while body[pos:pos + 1] == "-" and (pos + 1 == len(body) or body[pos + 1] in " \t"):
            self.dash = True
            pos += 1
            while body[pos:pos + 1] in (" ", "\t") and pos < len(body):
                pos += 1
        key = _PLAIN_KEY.match(body, pos)
        if key is not None:
            self.key_col = pos
            self.key = body[pos:key.end()].rstrip(" \t:").strip("'\"")
            pos = key.end()
        self.kind = _kind(body[pos:].strip(" \t"))


def _kind(rest: str) -> str:
    props = _PROPS.match(rest)
    if props is not None:
        rest = rest[props.end():]
    if not rest or rest[0] == "#":
        return "open"
    first = rest[0]
    if first in "|>":
        return "block" if _BLOCK_HEADER.match(rest) else "unsafe"
    if first == '"':
        return "value" if _DOUBLE.match(rest) else "multi"
    if first == "'":
        return "value" if _SINGLE.match(rest) else "multi"
    if first in "[{":
        bare = _QUOTED.sub("", rest)
        bare = bare.split(" #", 1)[0]
        depth = 0
        for char in bare:
            depth += 1 if char in "[{" else -1 if char in "]}" else 0
        return "value" if depth == 0 and bare.rstrip()[-1:] in "]}" else "multi"
    if first in "?%@`" or (first in "-:" and rest[1:2] in ("", " ", "\t")):
        return "unsafe"
    return "value"


class _Outline:
    """The line structure of one document of a (masked) text, read from indentation only."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self._shapes: dict[int, _Shape] = {}
        self._parents: dict[tuple[int, int], int | None] = {}
        self.top_is_block = self._top_is_block()

    # lines
    def line_start(self, pos: int) -> int:
        return max(self.text.rfind("\n", self.start, pos) + 1, self.start)

    def line_end(self, line_start: int) -> int:
        end = self.text.find("\n", line_start, self.end)
        return self.end if end < 0 else end

    def _is_content(self, line_start: int) -> bool:
        stripped = self.text[line_start:self.line_end(line_start)].strip()
        return bool(stripped) and stripped[0] != "#"

    def shape(self, line_start: int) -> _Shape:
        shape = self._shapes.get(line_start)
        if shape is None:
            shape = self._shapes[line_start] = _Shape(self.text[line_start:self.line_end(line_start)])
        return shape

    def _top_is_block(self) -> bool:
        """The document's root is a block mapping or sequence (so a column-0 line is one of its entries)."""
        pos = self.start
        while pos < self.end:
            end = self.line_end(pos)
            line = self.text[pos:end].rstrip("\r")
            stripped = line.strip()
            if line.startswith("---"):
                rest = line[3:].strip()
                if rest and not rest.startswith("#"):
                    return False
            elif stripped and not stripped.startswith("#") and not line.startswith("%"):
                shape = _Shape(line)
                return shape.indent == 0 and (shape.dash or shape.key_col is not None) and shape.kind != "unsafe"
            pos = end + 1
        return False

    def content_at_or_before(self, pos: int) -> int | None:
        """The start of the nearest content line (not blank, not a comment) holding or before ``pos``."""
        line_start = self.line_start(pos)
        while True:
            if self._is_content(line_start) and not self.text.startswith("---", line_start):
                return line_start
            if line_start <= self.start:
                return None
            line_start = self.line_start(line_start - 1)

    def parent(self, line_start: int, indent: int) -> int | None:
        """The nearest content line before ``line_start`` indented less than ``indent``."""
        key = (line_start, indent)
        if key in self._parents:
            return self._parents[key]
        # Search windows growing backwards (a regex searches forwards only); the
        # last line start of a window that qualifies is the nearest.
        pattern = _end_pattern(indent - 1)
        stop = line_start - 1
        result = None
        width = 4096
        high = stop
        while high > self.start:
            low = max(self.start, high - width)
            last = None
            for last in pattern.finditer(self.text, low, min(stop, high + 1)):
                pass
            if last is not None:
                result = last.start() + 1
                break
            high, width = low, width * 4
        if result is None and self.start < line_start:
            first = self.text[self.start:self.line_end(self.start)]
            if first.strip() and first.lstrip(" ")[:1] != "#" and len(first) - len(first.lstrip(" ")) < indent:
                result = self.start
        if result is not None and (self.text.startswith("---", result) or self.text.startswith("...", result)):
            result = None
        self._parents[key] = result
        return result

    def chain(self, line_start: int) -> tuple[int, list[int]] | None:
        """(anchor, ancestors) of a content line: the anchor is the line itself, or the line
        whose scalar, block scalar or flow collection it continues; the ancestors are the
        lines above the anchor whose subtrees hold it, nearest first.  None: not provable."""
        shape = self.shape(line_start)
        if shape.kind == "unsafe":
            return None
        anchor, ancestors = line_start, []
        current, indent = line_start, shape.indent
        while indent > 0:
            above = self.parent(current, indent)
            if above is None:
                break  # the root node is indented
            outer = self.shape(above)
            if outer.kind == "unsafe":
                return None
            inside = outer.kind in ("block", "multi") or (
                outer.kind == "value" and (outer.key_col is None or indent > outer.key_col))
            if inside:
                anchor, ancestors = above, []
            else:
                ancestors.append(above)
            current, indent = above, outer.indent
        if not self.top_is_block or self.shape(anchor).kind == "unsafe":
            return None
        return anchor, ancestors

    def subtree_end(self, line_start: int, limit: int | None = None) -> int | None:
        """Where the subtree of the line at ``line_start`` ends: the start of the next content
        line indented no deeper (an indentless sequence under a ``key:`` belongs to it), or the
        end of the document.  None when that lies more than ``limit`` characters on."""
        shape = self.shape(line_start)
        indentless = shape.kind == "open" and not shape.dash and shape.key_col is not None
        pattern = _end_pattern(shape.indent)
        stop = self.end if limit is None else min(self.end, line_start + limit)
        pos = self.line_end(line_start)
        while True:
            found = pattern.search(self.text, pos, stop)
            if found is None:
                return self.end if stop == self.end else None
            at = found.end()
            if indentless and at - found.start() - 1 == shape.indent and self.text[at:at + 1] == "-" \
                    and self.text[at + 1:at + 2] in (" ", "\t", "\r", "\n", ""):
                pos = at
                continue
            return found.start() + 1

    def node_region(self, pos: int) -> tuple[int, int] | None:
        """The text a node hook must see for a needle at ``pos``: the mapping that holds it
        (its sequence item or its key's entry), grown to enclosing subtrees while they stay
        within REGION_UP_TO.  (start, start) when ``pos`` holds no node; None: not provable."""
        line_start = self.content_at_or_before(pos)
        if line_start is None:
            return (self.start, self.start)
        found = self.chain(line_start)
        if found is None:
            return None
        anchor, ancestors = found
        lines = [anchor, *ancestors]
        # The mapping a hook reads: the one holding the outermost key a hook reads
        # (a probe's container), else the first key above the needle.  A `- key:`
        # line starts that mapping, otherwise the line above opens it.
        keyed = next((k for k in range(len(lines) - 1, -1, -1) if self.shape(lines[k]).key in NODE_KEYS), None)
        if keyed is None:
            keyed = next((k for k, line in enumerate(lines) if self.shape(line).key_col is not None), None)
        if keyed is None:
            return None
        at = keyed if self.shape(lines[keyed]).dash else keyed + 1
        if at >= len(lines):
            return None  # an entry of the root mapping: that mapping is the whole document
        root, rest = lines[at], lines[at + 1:]
        end = self.subtree_end(root)
        assert end is not None
        for above in rest:
            above_end = self.subtree_end(above, REGION_UP_TO)
            if above_end is None or above_end - above > REGION_UP_TO:
                break
            root, end = above, above_end
        return root, end

    def covering_region(self, start: int, end: int) -> tuple[int, int] | None:
        """The smallest provable subtree whose text holds ``[start, end)`` (None: not provable)."""
        line_start = self.content_at_or_before(start)
        if line_start is None:
            # Comments before the first node: they reach up to it.
            first = self.start
            while first < self.end and not (self._is_content(first) and not self.text.startswith("---", first)):
                first = self.line_end(first) + 1
            return (self.start, min(first, self.end)) if end <= first else None
        found = self.chain(line_start)
        if found is None:
            return None
        anchor, ancestors = found
        for root in (anchor, *ancestors):
            root_end = self.subtree_end(root)
            assert root_end is not None
            if root_end >= end or root_end == self.end:
                return root, root_end
        return None


def _end_pattern(indent: int) -> re.Pattern[str]:
    return _pattern(f"\\n {{0,{indent}}}(?=[^ \\t\\r\\n#])")


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(source: str) -> re.Pattern[str]:
    compiled = _PATTERNS.get(source)
    if compiled is None:
        compiled = _PATTERNS[source] = re.compile(source)
    return compiled


def _outermost(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Subtrees are nested or apart: keep the outermost ones, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(regions), key=lambda r: (r[0], -r[1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


class Parsed:
    """The documents of one YAML text that hold a needle, composed once.

    Only the documents whose text contains one of ``needles`` are composed
    (each padded with the newlines of the documents before it, so positions
    are those of the whole text); the composed nodes are kept while the text
    does not change, so the rules of one file share one parse.
    """

    def __init__(self, scratch: dict[str, Any] | None = None) -> None:
        self._cache: dict[tuple[int, str], list[Any]] = {}
        self.scratch = scratch
        self._regions_text: str | None = None
        self._regions: dict[Any, list[tuple[int, int]] | None] = {}

    def load(self, text: str, needles: Needles, local: bool = True) -> list[Any]:
        masked = mask_templates(text)
        out: list[Any] = []
        cache: dict[tuple[int, str], list[Any]] = {}
        for start, end, lines in needle_documents(text, needles, self.scratch):
            pieces = [(start, end, lines)]
            if local and end - start > LOCAL_ABOVE and needles is not None:
                # A large document: only the subtrees around its needles (see _Outline).
                key_regions = (start, end, needles)
                if self._regions_text is not text:
                    self._regions_text, self._regions = text, {}
                if key_regions not in self._regions:
                    self._regions[key_regions] = _node_regions(masked, start, end, needles)
                regions = self._regions[key_regions]
                if regions is not None:
                    pieces = [(a, b, lines + text.count("\n", start, a)) for a, b in regions if a < b]
            for a, b, line in pieces:
                key = (line, masked[a:b])
                docs = self._cache.get(key)
                if docs is None:
                    if (a, b) == (start, end):
                        docs = _ruamel_load("\n" * line + key[1])
                    else:
                        try:
                            # ruamel reads padding lines in Python: compose the subtree alone, then move its lines.
                            docs = _ruamel_load(key[1])
                        except CarrierParseError:
                            # A subtree that does not parse alone (an alias to an anchor
                            # outside it, say): read whole documents.
                            return self.load(text, needles, local=False)
                        _shift_lines(docs, line)
                cache[key] = docs
                out.extend(docs)
        self._cache = cache
        return out


def _shift_lines(nodes: list[Any], delta: int, seen: set[int] | None = None) -> None:
    """Move the line numbers ruamel recorded in ``nodes`` (and below) by ``delta``."""
    seen = set() if seen is None else seen
    for node in nodes:
        if not isinstance(node, (CommentedMap, CommentedSeq)) or id(node) in seen:
            continue
        seen.add(id(node))
        lc = node.lc
        if lc.line is not None:
            lc.line += delta
        for position in (lc.data or {}).values():
            position[0] += delta
            if len(position) > 2:
                position[2] += delta
        _shift_lines(list(node.values()) if isinstance(node, CommentedMap) else list(node), delta, seen)


def _hits(text: str, needles: Needles, start: int, end: int) -> list[int]:
    """Offsets of the (first strings of the) needles in ``text[start:end]``."""
    out = []
    for needle in needles or ():
        first = needle if isinstance(needle, str) else needle[0]
        at = text.find(first, start, end)
        while at >= 0:
            out.append(at)
            at = text.find(first, at + len(first), end)
    return sorted(out)


def _node_regions(masked: str, start: int, end: int, needles: Needles) -> list[tuple[int, int]] | None:
    """The subtrees node hooks must see in the large document ``masked[start:end]`` (None: all of it)."""
    outline = _Outline(masked, start, end)
    regions = []
    for at in _hits(masked, needles, start, end):
        region = outline.node_region(at)
        if region is None:
            return None
        regions.append(region)
    return _outermost(regions)


class _Scanner:
    """Finds the spans of scalars in the original text from ruamel positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = line_index(text)

    def offset(self, line: int, column: int) -> int:
        return self.index.offset(line + 1, column)

    def word(self, value: Any, line: int, column: int) -> Word | None:
        """The word of a scalar at (line, column) (0-based), or None when its span is unclear."""
        if isinstance(value, (CommentedMap, CommentedSeq)):
            return None
        text = self.text
        start = self.offset(line, column)
        if value is None or isinstance(value, (bool, int, float)):
            token = re.compile(r"[^\s,\]}#]*").match(text, start)
            raw = token.group(0) if token else ""
            return Word(raw, start, start + len(raw), raw, value is not None)
        first = text[start:start + 1]
        if first == '"':
            m = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL).match(text, start)
            if not m:
                return None
            raw = m.group(0)
            plain = "\\" not in raw and "\n" not in raw
            return Word(raw[1:-1] if plain else str(value), start, m.end(), raw, plain and "{{" not in raw)
        if first == "'":
            m = re.compile(r"'((?:[^']|'')*)'", re.DOTALL).match(text, start)
            if not m:
                return None
            raw = m.group(0)
            static = "''" not in raw and "\n" not in raw and "{{" not in raw
            return Word(raw[1:-1].replace("''", "'") if "\n" not in raw else str(value), start, m.end(), raw, static)
        if first in "|>":
            return None
        value_text = str(value)
        raw = text[start:start + len(value_text)]
        if raw == value_text or (raw.startswith("{{") or "{{" in text[start:text.find("\n", start)]):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            line_text = text[start:end].rstrip("\r")
            line_text = re.sub(r"\s+#.*$", "", line_text).rstrip()
            if isinstance(self._parent_flow, bool) and self._parent_flow:
                cut = re.search(r"\s*[,\]}]", line_text)
                line_text = line_text[:cut.start()] if cut else line_text
            return Word(line_text, start, start + len(line_text), line_text, "{{" not in line_text and line_text == value_text)
        return None

    _parent_flow: bool | None = None

    def block_script(self, line: int, column: int) -> tuple[int, int] | None:
        """The content span of a literal block scalar (``|``) at (line, column)."""
        text = self.text
        start = self.offset(line, column)
        if text[start:start + 1] != "|":
            return None
        body = text.find("\n", start)
        if body < 0:
            return None
        body += 1
        end = body
        indent = None
        for piece in text[body:].splitlines(keepends=True):
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip(" "))
                if indent is None:
                    indent = lead
                if lead < indent or lead <= column - (column - self._line_indent(start)):
                    break
            end += len(piece)
        return body, end

    def folded_script(self, value: Any, line: int, column: int) -> tuple[int, int] | None:
        """The span of a folded (``>``) or multi-line plain scalar whose lines fold to ``value``.

        Such a scalar is one command line spread over lines (say a Compose
        ``entrypoint: >`` with ``nvidia_entrypoint.sh trtserver`` then a flag
        per line): each line break reads as a space.  Only when re-folding the
        span's lines with single spaces gives ``value`` exactly (no blank or
        more-indented lines, no comments), so offsets stay those of the file.
        """
        if not isinstance(value, str):
            return None
        text = self.text
        start = self.offset(line, column)
        if text[start:start + 1] == ">":
            body = text.find("\n", start)
            if body < 0 or text[start + 1:body].strip(" -+0123456789"):
                return None
            start = body + 1
            want = value.rstrip("\n")
            least = 1  # a folded block of one line is still read here
        elif text[start:start + 1] in "|\"'[{":
            return None
        else:
            want = value
            least = 2  # one line: a plain scalar, read by word()
        key_indent = self._line_indent(self.offset(line, column))
        end = start
        pieces = []
        first = True
        for piece in text[start:].splitlines(keepends=True):
            content = piece.strip()
            lead = len(piece) - len(piece.lstrip(" "))
            if not first and (not content or lead <= key_indent):
                break
            pieces.append(content)
            end += len(piece)
            first = False
        end = len(text[:end].rstrip("\r\n"))
        if len(pieces) < least or " ".join(pieces) != want or "#" in want:
            return None
        return start, end

    def scalar_end(self, at: int) -> int:
        """End of the block or multi-line scalar starting at ``at``: its lines are indented past the key's."""
        key_indent = self._line_indent(at)
        end = self.text.find("\n", at)
        if end < 0:
            return len(self.text)
        pos = end + 1
        for piece in self.text[pos:].splitlines(keepends=True):
            if piece.strip() and len(piece) - len(piece.lstrip(" ")) <= key_indent:
                break
            pos += len(piece)
        return len(self.text[:pos].rstrip("\r\n"))

    def _line_indent(self, offset: int) -> int:
        line_start = self.text.rfind("\n", 0, offset) + 1
        line = self.text[line_start:]
        return len(line) - len(line.lstrip(" "))


class YamlCarrier(Carrier):
    name = "yaml"
    hooks = ("rewrite_command", "rewrite_text", "rewrite_image_tag", "review_probe")
    label = "YAML"
    priority = 40

    def claims(self, path: str, head: bytes) -> bool:
        return extension(path) in (".yaml", ".yml")

    # migrate() checks its own output (only the documents it changed).
    self_validating = True

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        # Costs follow V1 content: only documents that hold a needle are read.
        # Those a rule reads node by node (commands, probes, Helm image tags)
        # are composed by ruamel, once; the others are only syntax-checked by
        # libyaml, before and after the text rules edit them.
        node_needles = _node_needles(rules)
        parsed = Parsed(ctx.scratch)
        node_docs: set[int] = set()
        if node_needles is None or node_needles:
            node_docs = {start for start, _, _ in needle_documents(text, node_needles, ctx.scratch)}
            parsed.load(text, node_needles)
        # The spans the rules wrote, in the text as it now is (large documents are checked there only).
        dirty: list[tuple[int, int]] = []

        def merge(edits: list[Edit], current: str) -> list[Edit]:
            kept = merge_edits(edits, current)
            dirty[:] = _moved(dirty, kept)
            return kept

        new = run_span_rules(text, ctx, rules,
                             lambda rule, current: self._node_edits(rule, current, ctx, parsed, node_needles)
                             + text_edits(rule, current, ctx),
                             merge)
        if new != text:
            self._check_output(text, new, ctx.scratch, dirty)
        elif node_needles is not None:
            # Nothing changed: the documents only text rules read must still be YAML
            # (a broken file is reported, not quietly read as text).
            masked = mask_templates(text)
            needles = _needles(rules)
            for start, end, lines in needle_documents(text, needles, ctx.scratch):
                if start not in node_docs:
                    spans = [(at, at) for at in _hits(masked, needles, start, end)]
                    _check_document(text, masked, start, end, lines, spans)
        return new

    def _check_output(self, old: str, new: str, scratch: dict[str, Any] | None = None,
                      dirty: list[tuple[int, int]] | None = None) -> None:
        masked = mask_templates(new)
        try:
            around = _dirty_documents(new, dirty) if dirty else None
            if around is not None:
                # Only the documents the rules wrote in, at the spans they wrote.
                for start, end, line, spans in around:
                    _check_document(new, masked, start, end, line, spans)
            else:
                before = {old[a:b] for a, b in documents(old, scratch)}
                line = previous = 0
                for start, end in documents(new):
                    line += new.count("\n", previous, start)
                    previous = start
                    if new[start:end] not in before:
                        check_syntax("\n" * line + masked[start:end])
        except CarrierParseError as exc:
            # Broken before the rules ran (a file only text rules read)? Then it is bad input.
            old_masked = mask_templates(old)
            old_line = 0
            for a, b in documents(old):
                try:
                    check_syntax("\n" * old_line + old_masked[a:b])
                except CarrierParseError:
                    raise
                finally:
                    old_line += old.count("\n", a, b)
            raise RuntimeError(f"the rewritten file does not parse as {self.label}: {exc}") from None

    def validate(self, text: str) -> str | None:
        try:
            load(text)
        except CarrierParseError as exc:
            return str(exc)
        return None

    # -- finding commands and probes --------------------------------------

    def _node_edits(self, rule: Rule, text: str, ctx: FileContext, parsed: Parsed | None = None,
                    needles: Needles = ()) -> list[Edit]:
        wants_commands = getattr(rule.impl, "rewrite_command", None) is not None
        review = getattr(rule.impl, "review_probe", None)
        tag_hook = getattr(rule.impl, "rewrite_image_tag", None)
        if not wants_commands and review is None and tag_hook is None:
            return []
        docs = parsed.load(text, needles) if parsed is not None else load(text)
        if not docs:
            return []
        scanner = _Scanner(text)
        edits: list[Edit] = []
        for doc in docs:
            for mapping in _mappings(doc):
                if wants_commands:
                    edits.extend(self._mapping_commands(rule, mapping, scanner, ctx))
                if review is not None:
                    self._probes(review, mapping, scanner, ctx)
                if tag_hook is not None and isinstance(mapping.get("repository"), str) and _own(mapping, "tag"):
                    line, column = mapping.lc.value("tag")
                    word = scanner.word(mapping["tag"], line, column)
                    if word is not None and word.static:
                        edits.extend(tag_hook(mapping["repository"], word, text, ctx))
        return edits

    def _words(self, node: Any, scanner: _Scanner) -> tuple[list[Word], Any] | None:
        if not isinstance(node, CommentedSeq):
            return None
        flow = bool(node.fa.flow_style())
        scanner._parent_flow = flow
        words = []
        for i, item in enumerate(node):
            line, column = node.lc.item(i)
            word = scanner.word(item, line, column)
            if word is None:
                # A literal block script after `-c` is still readable as shell.
                words.append(Word(str(item), -1, -1, "", False))
                continue
            words.append(word)
        scanner._parent_flow = None
        syntax = YamlFlowSyntax(scanner.text) if flow else YamlBlockSyntax(scanner.text)
        return words, syntax

    def _mapping_commands(self, rule: Rule, mapping: CommentedMap, scanner: _Scanner, ctx: FileContext) -> list[Edit]:
        edits: list[Edit] = []
        for key in ("command", "entrypoint"):
            if not _own(mapping, key):
                continue
            node = mapping[key]
            line, column = mapping.lc.value(key)
            if isinstance(node, str):
                edits.extend(self._shell_scalar(rule, node, line, column, scanner, ctx))
                continue
            found = self._words(node, scanner)
            if not found:
                continue
            words, syntax = found
            args = mapping.get("args") if key == "command" and _own(mapping, "args") else None
            extra = self._words(args, scanner) if args is not None else None
            all_words = words + (extra[0] if extra else [])
            if extra:
                syntax = _Dispatch(scanner.text, [(words, syntax), (extra[0], extra[1])])
            edits.extend(self._argv(rule, all_words, syntax, node if not extra else None, scanner, ctx,
                                    seqs=[(node, 0), (args, len(words))] if extra else [(node, 0)]))
        # CI steps: GitHub Actions `run: |`, GitLab CI `script:` (a string or a list of lines).
        for key in ("run", "script", "before_script"):
            node = mapping.get(key) if _own(mapping, key) else None
            if isinstance(node, str):
                line, column = mapping.lc.value(key)
                edits.extend(self._shell_scalar(rule, node, line, column, scanner, ctx))
            elif isinstance(node, CommentedSeq) and key != "run":
                for i, item in enumerate(node):
                    if isinstance(item, str):
                        line, column = node.lc.item(i)
                        edits.extend(self._shell_scalar(rule, item, line, column, scanner, ctx))
        if "command" not in mapping and _own(mapping, "args") and isinstance(mapping.get("args"), CommentedSeq):
            found = self._words(mapping["args"], scanner)
            if found:
                edits.extend(self._argv(rule, found[0], found[1], None, scanner, ctx, seqs=[(mapping["args"], 0)]))
        return edits

    def _argv(self, rule: Rule, words: list[Word], syntax: Any, node: Any, scanner: _Scanner, ctx: FileContext,
              seqs: list[tuple[Any, int]]) -> list[Edit]:
        argv = read_argv(words, syntax, scanner.text)
        if argv is None:
            return []
        script = argv.script
        if script is not None:
            for seq, base in seqs:
                if seq is not None and base <= script < base + len(seq):
                    line, column = seq.lc.item(script - base)
                    return self._shell_scalar(rule, seq[script - base], line, column, scanner, ctx)
            return []
        assert argv.command is not None
        if any(w.start < 0 for w in words[argv.command.program:]):
            self._report_seqs(rule, seqs, scanner, ctx, "a list item whose position could not be read")
            return []
        return command_edits(rule, [argv.command], ctx)

    def _report_seqs(self, rule: Rule, seqs: list[tuple[Any, int]], scanner: _Scanner, ctx: FileContext, why: str) -> None:
        for seq, _ in seqs:
            if seq is None or not len(seq):
                continue
            start = scanner.offset(*seq.lc.item(0))
            last = scanner.offset(*seq.lc.item(len(seq) - 1))
            end = scanner.text.find("\n", last)
            report_unparsed(rule, scanner.text, start, len(scanner.text) if end < 0 else end, ctx, why)

    def _shell_scalar(self, rule: Rule, value: Any, line: int, column: int, scanner: _Scanner, ctx: FileContext) -> list[Edit]:
        text = scanner.text
        block = scanner.block_script(line, column)
        folded = scanner.folded_script(value, line, column) if block is None else None
        if block is not None:
            start, end = block
        elif folded is not None:
            # One command over several lines: parse a copy whose line breaks in
            # the span are spaces (same length, so every offset holds).
            start, end = folded
            text = text[:start] + re.sub(r"[\r\n]", " ", text[start:end]) + text[end:]
        else:
            word = scanner.word(value, line, column)
            at = scanner.offset(line, column)
            line_end = text.find("\n", at)
            if text[at:at + 1] == ">" or (word is None and "\n" in str(value).strip()):
                # A folded block or a plain scalar over lines: point at every line of it.
                line_end = scanner.scalar_end(at)
            why = "a YAML string with escapes, folded or spread over lines is not read as shell"
            if word is None or not word.static:
                if not (word is not None and "{{" in word.raw and "\\" not in word.raw):
                    report_unparsed(rule, text, at, len(text) if line_end < 0 else line_end, ctx, why)
                return []
            start = word.start + (1 if word.raw[:1] in "\"'" else 0)
            end = start + len(word.value)
            if text[start:end] != word.value:
                report_unparsed(rule, text, at, len(text) if line_end < 0 else line_end, ctx, why)
                return []
        quoted = text[start - 1:start] in "\"'" and block is None
        # Words added inside a quoted YAML string must not use that quote.
        quote_char = text[start - 1]
        return shell_rule_edits(rule, text, ctx, start, end,
                                syntax=(lambda full: _InnerShell(full, quote_char)) if quoted else None)

    def _probes(self, review: Any, mapping: CommentedMap, scanner: _Scanner, ctx: FileContext) -> None:
        probes = [(k, mapping[k]) for k in PROBES if _own(mapping, k) and isinstance(mapping.get(k), CommentedMap)]
        if not probes:
            return
        http_ports: set[Any] = set()
        for port in mapping.get("ports") or []:
            if isinstance(port, CommentedMap) and (port.get("name") == "http" or port.get("containerPort") == 8000):
                http_ports.update(p for p in (port.get("name"), port.get("containerPort")) if p is not None)
        for key in ("command", "args"):
            for item in mapping.get(key) or []:
                m = re.match(r"--http-port[= ](\d+)$", str(item))
                if m:
                    http_ports.add(int(m.group(1)))
        for _key, probe in probes:
            get = probe.get("httpGet")
            if not isinstance(get, CommentedMap) or not _own(get, "port"):
                continue
            line, column = get.lc.value("port")
            start = scanner.offset(line, column)
            review(get["port"], http_ports, (start, start + len(str(get["port"]))), scanner.text, ctx)


class _Dispatch(YamlBlockSyntax):
    """``command`` and ``args`` are two lists, maybe of two styles: each word edits in its own."""

    def __init__(self, text: str, parts: list[tuple[list[Word], Any]]) -> None:
        super().__init__(text)
        self.parts = parts

    def _of(self, word: Word) -> Any:
        for words, syntax in self.parts:
            if any(w.start == word.start for w in words):
                return syntax
        return self.parts[0][1]

    def replace(self, word: Word, rendered: list[str]) -> Edit:
        return self._of(word).replace(word, rendered)

    def delete(self, word: Word) -> Edit:
        return self._of(word).delete(word)

    def insert_after(self, word: Word, rendered: list[str]) -> Edit:
        return self._of(word).insert_after(word, rendered)

    def quote_for(self, word: Word) -> Any:
        return self._of(word).quote_for(word)


class _InnerShell(ShellSyntax):
    """Shell code inside a quoted YAML string: new words avoid that quote."""

    def __init__(self, text: str, quote_char: str) -> None:
        super().__init__(text)
        self.quote_char = quote_char

    def quote(self, value: str) -> str:
        quoted = super().quote(value)
        if self.quote_char in quoted:
            other = '"' if self.quote_char == "'" else "'"
            quoted = other + value + other
        return quoted


def _check_document(text: str, masked: str, start: int, end: int, line: int,
                    spans: list[tuple[int, int]] | None) -> None:
    """Raise CarrierParseError when the document ``text[start:end]`` is not YAML.  A large
    one is checked only in the subtrees that hold ``spans`` (the rest is the input's own
    text), when the outline can prove them; else whole."""
    if spans is not None and end - start > LOCAL_ABOVE:
        outline = _Outline(masked, start, end)
        regions = [outline.covering_region(a, b) for a, b in spans]
        if all(r is not None for r in regions):
            try:
                for a, b in _outermost([r for r in regions if r is not None]):
                    check_syntax("\n" * (line + text.count("\n", start, a)) + masked[a:b])
                return
            except CarrierParseError:
                pass  # a subtree that does not parse alone: the whole document decides
    check_syntax("\n" * line + masked[start:end])


def _document_of(text: str, pos: int) -> tuple[int, int]:
    """The span of the document (as ``documents`` cuts them) that holds offset ``pos``."""
    start, end = 0, len(text)
    for marker in ("\n---", "\n..."):
        at = text.rfind(marker, 0, max(pos, 0) + len(marker) - 1)
        while at >= 0 and text[at + 4:at + 5] not in ("", " ", "\t", "\r", "\n"):
            at = text.rfind(marker, 0, at)
        if at >= 0 and at + 1 <= pos:
            start = max(start, at + 1)
        at = text.find(marker, pos)
        while at >= 0 and text[at + 4:at + 5] not in ("", " ", "\t", "\r", "\n"):
            at = text.find(marker, at + 1)
        if at >= 0:
            end = min(end, at + 1)
    return start, end


def _dirty_documents(text: str, dirty: list[tuple[int, int]]) -> list[tuple[int, int, int, list[tuple[int, int]]]] | None:
    """(start, end, first line - 1, spans) of each document of ``text`` that holds written
    spans (None when a span crosses documents: the caller compares whole documents)."""
    by_document: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for a, b in sorted(dirty):
        document = _document_of(text, a)
        if b > a and _document_of(text, b - 1) != document:
            return None
        by_document.setdefault(document, []).append((a, b))
    out = []
    line = previous = 0
    for (start, end), spans in sorted(by_document.items()):
        line += text.count("\n", previous, start)
        previous = start
        out.append((start, end, line, spans))
    return out


def _moved(spans: list[tuple[int, int]], edits: list[Edit]) -> list[tuple[int, int]]:
    """``spans`` of a text moved through ``edits`` (apart, as applied), plus the spans the edits wrote."""
    edits = sorted(edits, key=lambda e: (e.start, e.end))

    def move(pos: int, end_side: bool) -> int:
        shift = 0
        for edit in edits:
            if edit.end <= pos:
                shift += len(edit.new) - (edit.end - edit.start)
            elif edit.start < pos:  # inside the edit
                return edit.start + shift + (len(edit.new) if end_side else 0)
            else:
                break
        return pos + shift

    out = [(move(a, False), move(b, True)) for a, b in spans]
    shift = 0
    for edit in edits:
        out.append((edit.start + shift, edit.start + shift + len(edit.new)))
        shift += len(edit.new) - (edit.end - edit.start)
    return out


def _needles(rules: list[Rule]) -> tuple[str, ...] | None:
    """The needles of ``rules`` as text (None: a rule without needles may apply anywhere)."""
    out: list[str] = []
    for rule in rules:
        if not rule.needles:
            return None
        out.extend(n.decode() for n in rule.needles)
    return tuple(out)


# A node hook reads only mappings with these keys: a document without them needs no composing.
HOOK_KEYS: dict[str, tuple[str, ...] | None] = {
    "rewrite_command": None, "review_probe": ("Probe",), "rewrite_image_tag": ("repository",)}


def _wants_nodes(rule: Rule) -> bool:
    impl = rule.impl
    return any(getattr(impl, hook, None) is not None for hook in HOOK_KEYS)


def _node_needles(rules: list[Rule]) -> Needles:
    """Needles of the documents the node hooks of ``rules`` must see composed (None: all).

    A rule's needle qualifies a document for its command hook; a hook that
    reads only some keys (Helm ``repository``/``tag``, probes) also needs the
    key in the same document.
    """
    out: list[str | tuple[str, ...]] = []
    for rule in rules:
        hooks = [hook for hook in HOOK_KEYS if getattr(rule.impl, hook, None) is not None]
        if not hooks:
            continue
        if not rule.needles:
            return None
        if any(HOOK_KEYS[hook] is None for hook in hooks):
            out.extend(n.decode() for n in rule.needles)
        else:
            out.extend((n.decode(), key) for n in rule.needles for hook in hooks for key in HOOK_KEYS[hook] or ())
    return tuple(out)


def _own(mapping: CommentedMap, key: str) -> bool:
    """``key`` is written in this mapping, not merged in from an anchor (``<<: *x``),
    so the mapping knows its source position."""
    return key in mapping and key in (mapping.lc.data or {})


def _mappings(node: Any, seen: set[int] | None = None) -> Any:
    """Every mapping once, also when aliases (``*x``) make the same node appear again."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    if isinstance(node, CommentedMap):
        seen.add(id(node))
        yield node
        for key in list(node.lc.data or {}):
            yield from _mappings(node[key], seen)
    elif isinstance(node, CommentedSeq):
        seen.add(id(node))
        for item in node:
            yield from _mappings(item, seen)


CARRIER = YamlCarrier()
