"""Text-level helpers shared by carriers: decoding, edits by span, suppressions, line maps."""
from __future__ import annotations

import codecs
import difflib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

BOM = "\ufeff"
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


class DecodeError(ValueError):
    pass


@dataclass(frozen=True)
class Decoded:
    """A file's text and what is needed to write it back exactly."""

    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return (codecs.BOM_UTF8 + data) if self.bom else data


def python_coding(data: bytes) -> str | None:
    """The PEP 263 encoding declared in the first two lines, if any."""
    for line in data.split(b"\n", 2)[:2]:
        match = _CODING.match(line)
        if match:
            return match.group(1).decode("ascii")
        if line.strip() and not line.lstrip().startswith(b"#"):
            break
    return None


def decode(data: bytes, *, python: bool = False) -> Decoded:
    """Decode strictly; a BOM is remembered and removed from the text."""
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8):]
    encoding = "utf-8"
    if python and not bom:
        declared = python_coding(data)
        if declared:
            try:
                encoding = codecs.lookup(declared).name
            except LookupError:
                raise DecodeError(f"unknown encoding {declared!r} declared in the coding cookie") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid {encoding} (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None
    if encoding == "utf-8":
        encoding = "utf-8"
    return Decoded(text, encoding, bom)


def is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\r\n" if crlf > lf else "\n"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits from the end backwards so untouched bytes stay identical."""
    out = text
    last_start = len(text) + 1
    for edit in sorted(set(edits), reverse=True):
        if edit.end > last_start:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        out = out[: edit.start] + edit.new + out[edit.end :]
        last_start = edit.start
    return out


class LineIndex:
    """Offset to (line, column) in O(log n).

    The index of line starts is built on first need: a few look-ups (one
    finding in a 2 MB manifest) are answered by counting, which costs less
    than indexing every line.
    """

    _LAZY_LOOKUPS = 8

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._lookups = 0

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0]
            self._starts.extend(match.end() for match in re.finditer("\n", self._text))
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None and self._lookups < self._LAZY_LOOKUPS:
            self._lookups += 1
            line_start = self._text.rfind("\n", 0, offset) + 1
            return self._text.count("\n", 0, line_start) + 1, offset - line_start
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1]

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column


_SUPPRESS = re.compile(r"#\s*triton-migrate:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)


class Suppressions:
    """``# triton-migrate: ignore`` / ``ignore[RULE,...]`` on a line or the line above."""

    def __init__(self, text: str) -> None:
        self.by_line: dict[int, frozenset[str] | None] = {}
        if "triton-migrate" not in text:
            return
        for number, line in enumerate(text.splitlines(), start=1):
            match = _SUPPRESS.search(line)
            if not match:
                continue
            rules = None if match.group(1) is None else frozenset(
                r.strip() for r in match.group(1).split(",") if r.strip()
            )
            for target in (number, number + 1):
                self._add(target, rules)

    def _add(self, line: int, rules: frozenset[str] | None) -> None:
        if line in self.by_line:
            old = self.by_line[line]
            self.by_line[line] = None if old is None or rules is None else old | rules
        else:
            self.by_line[line] = rules

    def suppressed(self, rule: str, line: int, end_line: int | None = None) -> bool:
        for number in (line,) if end_line is None else range(line, max(line, end_line) + 1):
            if number in self.by_line:
                rules = self.by_line[number]
                if rules is None or rule in rules:
                    return True
        return False


# A comment standing in for a statement a rewrite removed: ``# TODO(triton-migrate): <why>: <its code>``.
STAND_IN = re.compile(r"^\s*# TODO\(triton-migrate\): [^:]*: (.*?)\s*$")


class LineMap:
    """Maps line numbers of a rewritten text back to the original text.

    The common head and tail are matched directly; only the middle, where the
    edits are, goes through difflib (whose matching is quadratic on long runs
    of identical lines). A middle longer than ``MAX_DIFF_LINES`` is first cut at
    anchors, lines that occur once in the old middle and once in the new one,
    taken in order (patience diff); each piece between anchors goes through
    difflib, or is cut again at its own anchors when still too long.
    """

    MAX_DIFF_LINES = 4000

    def __init__(self, original: str, current: str) -> None:
        self.mapping: dict[int, int] = {}
        a = original.splitlines()
        b = current.splitlines()
        self.last = len(a)
        head = 0
        limit = min(len(a), len(b))
        while head < limit and a[head] == b[head]:
            head += 1
        tail = 0
        while tail < limit - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
            tail += 1
        for k in range(tail):
            self.mapping[len(b) - k] = len(a) - k
        middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
        opcodes: list[tuple[str, int, int, int, int]] = []
        _opcodes(middle_a, middle_b, 0, len(middle_a), 0, len(middle_b), self.MAX_DIFF_LINES, opcodes)
        for tag, i1, i2, j1, j2 in opcodes:
            for k in range(j2 - j1):
                self.mapping[head + j1 + k + 1] = head + min(i1 + k, max(i2 - 1, i1)) + 1
            if tag == "replace":
                self._stand_ins(middle_a, middle_b, head, i1, i2, j1, j2)

    def _stand_ins(self, a: list[str], b: list[str], head: int, i1: int, i2: int, j1: int, j2: int) -> None:
        """A comment left in place of a removed statement (``# TODO(triton-migrate): why: CODE``) maps
        to the line that held CODE, wherever it sits in a replaced block; the lines after it (up to the
        next such comment) map relative to it, from the line after the statement's last (CODE joins the
        statement's stripped lines with spaces), so a rewritten line just below a statement of several
        lines never maps back into that statement."""
        start = i1
        anchor: tuple[int, int] | None = None  # (line of the comment in b, last line of its statement in a)
        for j in range(j1, j2):
            match = STAND_IN.match(b[j])
            if match is None:
                if anchor is not None:
                    self.mapping[head + j + 1] = head + min(anchor[1] + j - anchor[0], max(i2 - 1, i1)) + 1
                continue
            code = match.group(1)
            for i in range(start, i2):
                stripped = a[i].strip()
                if stripped and (code == stripped or code.startswith(stripped + " ")):
                    end, joined = i, stripped
                    while joined != code and end + 1 < i2 and code.startswith(
                            f"{joined} {a[end + 1].strip()}"):
                        end += 1
                        joined = f"{joined} {a[end].strip()}"
                    self.mapping[head + j + 1] = head + i + 1
                    anchor = (j, end)
                    start = end + 1
                    break

    def original_line(self, line: int) -> int:
        # Lines inserted after the old last line map to that last line.
        return max(1, min(self.mapping.get(line, line), self.last))


def _opcodes(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int, limit: int,
             out: list[tuple[str, int, int, int, int]]) -> None:
    """difflib-style opcodes for ``a[alo:ahi]`` against ``b[blo:bhi]``, appended to ``out``: difflib
    when the two slices hold at most ``limit`` lines together, else cut at the lines unique in both
    slices (the longest run of them in the same order), each piece again by this function. With no
    such line left the piece is one ``replace`` (lines mapped by position)."""
    if (ahi - alo) + (bhi - blo) <= limit:
        if alo == ahi and blo == bhi:
            return
        matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        out.extend((tag, alo + i1, alo + i2, blo + j1, blo + j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes())
        return
    # the common head and tail of this piece match directly
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    tail = 0
    while alo + head < ahi - tail and blo + head < bhi - tail and a[ahi - 1 - tail] == b[bhi - 1 - tail]:
        tail += 1
    if head or tail:
        if head:
            out.append(("equal", alo, alo + head, blo, blo + head))
        _opcodes(a, b, alo + head, ahi - tail, blo + head, bhi - tail, limit, out)
        if tail:
            out.append(("equal", ahi - tail, ahi, bhi - tail, bhi))
        return
    anchors = _anchors(a, b, alo, ahi, blo, bhi)
    if not anchors:
        tag = "replace" if alo < ahi and blo < bhi else ("delete" if alo < ahi else "insert")
        out.append((tag, alo, ahi, blo, bhi))
        return
    i0, j0 = alo, blo
    for i, j in anchors:
        _opcodes(a, b, i0, i, j0, j, limit, out)
        out.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    _opcodes(a, b, i0, ahi, j0, bhi, limit, out)


def _anchors(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """(i, j) pairs of lines unique in ``a[alo:ahi]`` and in ``b[blo:bhi]``, equal to each other: the
    longest run of them in the same order in both (patience sorting), in order."""
    count_a: dict[str, int] = {}
    where_a: dict[str, int] = {}
    for i in range(alo, ahi):
        line = a[i]
        count_a[line] = count_a.get(line, 0) + 1
        where_a[line] = i
    count_b: dict[str, int] = {}
    where_b: dict[str, int] = {}
    for j in range(blo, bhi):
        line = b[j]
        count_b[line] = count_b.get(line, 0) + 1
        where_b[line] = j
    pairs = sorted((where_a[line], where_b[line]) for line, n in count_b.items()
                   if n == 1 and count_a.get(line) == 1)
    if not pairs:
        return []
    # longest increasing subsequence of the j's (pairs are in order of i)
    tops: list[int] = []  # tops[k]: j of the last pair of the best run of length k + 1
    top_index: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tops, j)
        back[n] = top_index[k - 1] if k else -1
        if k == len(tops):
            tops.append(j)
            top_index.append(n)
        else:
            tops[k] = j
            top_index[k] = n
    run: list[tuple[int, int]] = []
    n = top_index[-1]
    while n >= 0:
        run.append(pairs[n])
        n = back[n]
    run.reverse()
    return run
