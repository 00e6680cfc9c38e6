"""V2 server releases the tool knows, and parsing of ``--target-version``."""
from __future__ import annotations

import re
from functools import total_ordering

# NGC container tag -> server version (spec, "Release <-> version map").
CONTAINER_TO_SERVER: dict[str, str] = {
    "20.06": "2.0.0", "20.07": "2.1.0", "20.08": "2.2.0", "20.09": "2.3.0",
    "20.10": "2.4.0", "20.11": "2.5.0", "20.12": "2.6.0", "21.02": "2.7.0",
    "21.03": "2.8.0", "21.04": "2.9.0", "21.05": "2.10.0", "21.06": "2.11.0",
    "21.07": "2.12.0", "21.08": "2.13.0", "21.09": "2.14.0", "21.10": "2.15.0",
    "21.11": "2.16.0", "21.12": "2.17.0", "22.01": "2.18.0", "22.02": "2.19.0",
    "22.03": "2.20.0", "22.04": "2.21.0", "22.05": "2.22.0", "22.06": "2.23.0",
    "22.07": "2.24.0", "22.08": "2.25.0", "22.09": "2.26.0", "22.10": "2.27.0",
    "22.11": "2.28.0", "22.12": "2.29.0", "23.01": "2.30.0", "23.02": "2.31.0",
    "23.03": "2.32.0", "23.04": "2.33.0", "25.04": "2.57.0", "25.06": "2.59.0",
    "25.07": "2.59.1", "26.07": "2.71.0", "26.08": "2.72.0",
}


def _fill_monthly(first: tuple[int, int], last: tuple[int, int], minor: int) -> None:
    # Between the anchors the spec lists, releases came out monthly, one minor
    # version each; these tags are derived from that cadence, not read off NGC.
    year, month = first
    while (year, month) <= last:
        CONTAINER_TO_SERVER.setdefault(f"{year:02d}.{month:02d}", f"2.{minor}.0")
        minor += 1
        month += 1
        if month == 13:
            year, month = year + 1, 1


_fill_monthly((23, 5), (25, 3), 34)
_fill_monthly((25, 5), (25, 5), 58)
_fill_monthly((25, 8), (26, 6), 60)
NEWEST = "2.72.0"
OLDEST = "2.0.0"


@total_ordering
class Version:
    """A V2 server version such as 2.51.0 (comparisons ignore anything after patch)."""

    __slots__ = ("parts",)

    def __init__(self, text: str) -> None:
        self.parts = parse_parts(text)

    @classmethod
    def parse(cls, text: str) -> Version:
        return cls(text)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            other = Version(other)
        return isinstance(other, Version) and self.parts == other.parts

    def __lt__(self, other: object) -> bool:
        if isinstance(other, str):
            other = Version(other)
        if not isinstance(other, Version):
            return NotImplemented
        return self.parts < other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.parts)

    def __repr__(self) -> str:
        return f"Version('{self}')"

    def container_tag(self) -> str | None:
        """The NGC YY.MM tag of this release, when the tool knows it."""
        for tag, server in CONTAINER_TO_SERVER.items():
            if Version(server) == self:
                return tag
        return None


_SERVER = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?$")
_CONTAINER = re.compile(r"^(\d\d)\.(\d\d)(?:\.\d+)?(?:-py3)?$")


def parse_parts(text: str) -> tuple[int, int, int]:
    """Parse ``2.51``, ``2.51.0``, ``v2.51.0`` or an NGC tag such as ``24.10``."""
    text = text.strip()
    match = _CONTAINER.match(text)
    if match and int(match.group(1)) >= 20:
        tag = f"{match.group(1)}.{match.group(2)}"
        if tag in CONTAINER_TO_SERVER:
            return parse_parts(CONTAINER_TO_SERVER[tag])
        raise ValueError(f"unknown Triton container release {text!r}; give the server version (2.x.y)")
    match = _SERVER.match(text)
    if not match:
        raise ValueError(f"not a Triton server version: {text!r} (expected 2.x or 2.x.y)")
    parts = (int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
    if parts[0] != 2:
        raise ValueError(f"target version must be a V2 release (2.x), not {text!r}")
    return parts


DEFAULT_TARGET = Version(NEWEST)


def known_releases() -> list[str]:
    """Every V2 server release the tool knows, oldest first (``2.x.y``)."""
    return sorted(set(CONTAINER_TO_SERVER.values()), key=parse_parts)


def known_release(text: str) -> Version:
    """Parse a ``--target-version`` and refuse a release that does not exist.

    Raises ValueError with a did-you-mean (``2.51.7`` -> 2.51.0, ``2.99`` ->
    the newest known) for a well-formed version that is not a release.
    """
    version = Version(text)
    known = known_releases()
    if str(version) in known:
        return version
    same_minor = [k for k in known if parse_parts(k)[:2] == version.parts[:2]]
    if same_minor:
        hint = " or ".join(same_minor)
    elif version > Version(NEWEST):
        hint = f"{NEWEST} (the newest the tool knows)"
    else:
        hint = min(known, key=lambda k: abs(parse_parts(k)[1] - version.parts[1]))
    raise ValueError(f"{text!r} is not a Triton server release the tool knows "
                     f"(did you mean {hint}?); known: {OLDEST} to {NEWEST}")
