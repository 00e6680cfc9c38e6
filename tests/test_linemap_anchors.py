"""LineMap (triton_migrate/text.py) on texts whose changed middle is longer than ``MAX_DIFF_LINES``.

Such a middle used to be mapped line by line (line k of the new middle to line k of the old), so
every line after the first inserted or removed one mapped to a wrong line; the verifier then rolled
back the wrong V1 object and a big file stayed unconverted. The middle is now cut at lines unique
in both texts (patience-diff anchors, in order) and each piece goes through difflib.

Edits are made at random (seeded) on text of the e2e V1 programs, keeping where each new line
came from: a line left as it was must map to its own original line. On texts small enough for
difflib the anchored map (``MAX_DIFF_LINES`` lowered) is compared with difflib's.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from triton_migrate.text import LineMap

PROGRAMS = sorted((Path(__file__).resolve().parent / "e2e" / "v1_programs").glob("*.py"))


def _source(lines: int) -> list[str]:
    out: list[str] = []
    for round_ in range(1000):
        for path in PROGRAMS:
            # wrapped in a function per program and round, as bench/python_verifier.py builds its big file
            out.append(f"def program_{path.stem}_{round_}():")
            out.extend("    " + line if line else "" for line in path.read_text().splitlines())
            out.append("")
            if len(out) >= lines:
                return out
    return out


def _edit(original: list[str], seed: int, edits: int) -> tuple[list[str], dict[int, int]]:
    """A copy of ``original`` with ``edits`` random edits (replace / insert / delete a few lines),
    and, for each line of the copy left as it was (1-based), its line in ``original``."""
    pick = random.Random(seed)
    new: list[tuple[str, int | None]] = [(line, n) for n, line in enumerate(original, 1)]
    for _ in range(edits):
        at = pick.randrange(len(new))
        size = pick.randint(1, 3)
        kind = pick.choice(("replace", "insert", "delete"))
        made = [(f"    edited_{seed}_{at}_{k} = client.infer()  # {kind}", None) for k in range(size)]
        if kind == "replace":
            new[at:at + size] = made
        elif kind == "insert":
            new[at:at] = made + made[:pick.randint(0, 1)]
        else:
            del new[at:at + size]
    kept = {j: origin for j, (_, origin) in enumerate(new, 1) if origin is not None}
    return [line for line, _ in new], kept


def _unfaithful(mapping: LineMap, original: list[str], new: list[str], kept: dict[int, int]) -> dict:
    """Kept lines not mapped to an original line of the same text near their own (a line deleted
    next to an equal one, a blank line say, may map to either of the two: both are right)."""
    out = {}
    for j, origin in kept.items():
        m = mapping.original_line(j)
        if original[m - 1] != new[j - 1] or abs(m - origin) > 6:
            out[j] = (m, origin)
    return out


def _map(original: list[str], new: list[str], limit: int | None = None) -> LineMap:
    if limit is None:
        return LineMap("\n".join(original) + "\n", "\n".join(new) + "\n")
    old = LineMap.MAX_DIFF_LINES
    LineMap.MAX_DIFF_LINES = limit
    try:
        return LineMap("\n".join(original) + "\n", "\n".join(new) + "\n")
    finally:
        LineMap.MAX_DIFF_LINES = old


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("limit", [40, 200, 1000])
def test_anchored_map_agrees_with_difflib_where_difflib_is_feasible(seed: int, limit: int) -> None:
    original = _source(1500)
    new, kept = _edit(original, seed, edits=25)
    difflib_map = _map(original, new)  # middle under 4,000 lines: difflib alone
    anchored = _map(original, new, limit)
    assert not _unfaithful(difflib_map, original, new, kept)  # the criterion holds for difflib
    assert not _unfaithful(anchored, original, new, kept)
    # edited lines map into the same neighbourhood as difflib's (both map inside the edited block)
    for j in range(1, len(new) + 1):
        assert abs(anchored.original_line(j) - difflib_map.original_line(j)) <= 4, j


@pytest.mark.parametrize("seed", range(3))
def test_a_large_middle_maps_every_kept_line_to_its_own_line(seed: int) -> None:
    original = _source(12_000)
    new, kept = _edit(original, seed, edits=400)
    mapping = _map(original, new)
    wrong = _unfaithful(mapping, original, new, kept)
    assert not wrong, list(wrong.items())[:5]


def test_a_large_middle_without_unique_lines_maps_by_position() -> None:
    original = ["x = 1"] * 5000
    new = ["x = 1"] * 2000 + ["y = 2"] + ["x = 1"] * 2999
    mapping = _map(original, new)
    assert mapping.original_line(1) == 1
    assert mapping.original_line(len(new)) == len(original)
    assert all(1 <= mapping.original_line(j) <= len(original) for j in range(1, len(new) + 1))


def test_the_old_line_by_line_map_was_wrong_on_such_a_middle() -> None:
    """The case the fix is for: one line inserted near the head of a 6,000-line middle."""
    original = _source(6000)
    new = original[:10] + ["    inserted = 1"] + original[10:-10] + ["    also = 2"] + original[-10:]
    mapping = _map(original, new)
    assert mapping.original_line(12) == 11
    assert mapping.original_line(len(new) - 11) == len(original) - 10
