"""Dependency files: requirements, constraints, setup.cfg, pyproject.toml, conda environments, Pipfile.

The carrier finds each requirement and hands it to the rules with its span;
the rules return edits, applied by span so the rest of the file stays byte for
byte.  TOML files are parsed with ``tomllib`` (to refuse broken files and to
know which strings are dependencies), environment files with ruamel.yaml;
the edits themselves are always made on the text.

Hook a rule defines:

* ``rewrite_requirement(found: FoundRequirement, ctx) -> list[Edit]``: called for
  every requirement whose name is in the rule's needles; ``found.start`` and
  ``found.end`` span the name, extras and version specifier (not the
  environment marker, comment or options), or, for ``kind == "pipfile"``, the
  whole ``name = value`` entry.

This carrier claims ``requirements*.txt``/``.in``, ``constraints*.txt``,
``setup.cfg``, ``pyproject.toml``, ``Pipfile`` and ``environment.yml``/``.yaml``
(the last with a higher priority than the YAML carrier).
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from triton_migrate.carriers import Carrier, CarrierParseError, basename, run_span_rules
from triton_migrate.text import Edit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

Kind = str  # "requirements" | "constraints" | "setup.cfg" | "pyproject" | "conda" | "pipfile"

# name [extras] specifier, stopping before a marker, a comment or an option.
_REQUIREMENT = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)[ \t]*"
    r"(?:\[(?P<extras>[^\]\n]*)\])?[ \t]*"
    r"(?P<spec>(?:(?:===|==|!=|~=|>=|<=|<|>)[ \t]*[^,;#\s\\]+[ \t]*,?[ \t]*)*)"
)


@dataclass(frozen=True)
class FoundRequirement:
    text: str
    start: int
    end: int
    kind: Kind
    name: str
    extras: tuple[str, ...]
    spec: str
    # The rest of the logical line holds --hash= options (the hash would no longer match).
    hashed: bool = False
    # A direct reference (``name @ url``): the tool cannot choose another version.
    url: bool = False
    # Pipfile: another entry of the table would get the same key.
    conflict: bool = False


def parse_requirement(text: str, start: int, end: int, kind: Kind) -> FoundRequirement | None:
    """Parse the requirement at ``text[start:end]`` (leading whitespace skipped)."""
    while start < end and text[start] in " \t":
        start += 1
    match = _REQUIREMENT.match(text, start, end)
    if not match:
        return None
    spec_end = match.end("spec") if match.group("spec") else (match.end("extras") + 1 if match.group("extras") is not None else match.end("name"))
    while spec_end > start and text[spec_end - 1] in " \t,":
        spec_end -= 1
    rest = text[spec_end:end]
    extras = tuple(e.strip() for e in (match.group("extras") or "").split(",") if e.strip())
    return FoundRequirement(
        text, start, spec_end, kind, match.group("name"), extras,
        re.sub(r"\s+", "", match.group("spec") or "").rstrip(","),
        hashed="--hash" in rest, url=rest.lstrip().startswith("@"),
    )


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    offset = 0
    for line in text.splitlines(keepends=True):
        out.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return out


def requirement_lines(text: str, kind: Kind) -> list[FoundRequirement]:
    """requirements.txt / constraints.txt: one requirement per logical line."""
    found = []
    lines = _lines(text)
    hashed_from: dict[int, bool] = {}
    # A requirement continued with backslashes carries its --hash options on later lines.
    for index, (_, line) in enumerate(lines):
        logical = line
        follow = index
        while logical.endswith("\\") and follow + 1 < len(lines):
            follow += 1
            logical += lines[follow][1]
        hashed_from[index] = "--hash" in logical
    continued = False
    for index, (offset, line) in enumerate(lines):
        if continued:
            continued = line.endswith("\\")
            continue
        continued = line.endswith("\\")
        stripped = line.lstrip()
        if not stripped or stripped.startswith(("#", "-")):
            continue
        end = offset + len(line)
        comment = re.search(r"(^|\s)#", line)
        if comment:
            end = offset + comment.start()
        req = parse_requirement(text, offset, end, kind)
        if req:
            if hashed_from[index] and not req.hashed:
                req = FoundRequirement(**{**req.__dict__, "hashed": True})
            found.append(req)
    return found


def setup_cfg_requirements(text: str) -> list[FoundRequirement]:
    """``[options] install_requires``/``setup_requires``/``tests_require`` and ``[options.extras_require]``."""
    found = []
    section = ""
    in_value = False
    for offset, line in _lines(text):
        stripped = line.strip()
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            section, in_value = header.group(1).strip(), False
            continue
        if not stripped or stripped.startswith(("#", ";")):
            continue
        start = offset
        if line[:1] not in " \t":  # a new key
            key, sep, value = line.partition("=")
            if not sep:
                key, sep, value = line.partition(":")
            key = key.strip()
            in_value = (section == "options" and key in ("install_requires", "setup_requires", "tests_require")) \
                or section == "options.extras_require"
            if not in_value or not value.strip():
                continue
            start = offset + line.index(sep) + 1
        elif not in_value:
            continue
        end = offset + len(line)
        comment = re.search(r"(^|\s)[#;]", line[start - offset:])
        if comment:
            end = start + comment.start()
        req = parse_requirement(text, start, end, "setup.cfg")
        if req:
            found.append(req)
    return found


def _load_toml(text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CarrierParseError(f"TOML: {exc}") from None


_TOML_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def pyproject_requirements(text: str) -> list[FoundRequirement]:
    """PEP 621 ``dependencies`` and ``optional-dependencies`` strings, located by span."""
    data = _load_toml(text)
    project = data.get("project", {})
    wanted: set[str] = set()
    if isinstance(project, dict):
        deps = project.get("dependencies", [])
        if isinstance(deps, list):
            wanted.update(d for d in deps if isinstance(d, str))
        optional = project.get("optional-dependencies", {})
        if isinstance(optional, dict):
            for group in optional.values():
                if isinstance(group, list):
                    wanted.update(d for d in group if isinstance(d, str))
    build = data.get("build-system", {})
    if isinstance(build, dict) and isinstance(build.get("requires"), list):
        wanted.update(d for d in build["requires"] if isinstance(d, str))
    found = []
    for match in _TOML_STRING.finditer(text):
        literal = match.group(0)
        value = literal[1:-1]
        if literal.startswith('"') and "\\" in value:
            continue  # escaped strings are left to a person
        if value in wanted:
            req = parse_requirement(text, match.start() + 1, match.end() - 1, "pyproject")
            if req:
                found.append(req)
    return found


def conda_requirements(text: str) -> list[FoundRequirement]:
    """The ``- pip:`` list of a conda environment file (conda packages have no tritonclient)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        YAML(typ="rt").load(text)
    except YAMLError as exc:
        raise CarrierParseError(f"YAML: {exc}") from None
    found = []
    pip_indent: int | None = None
    for offset, line in _lines(text):
        item = re.match(r"(\s*)-\s+(.*)$", line)
        if not item:
            if line.strip() and not line.lstrip().startswith("#") and pip_indent is not None \
                    and len(line) - len(line.lstrip()) <= pip_indent:
                pip_indent = None
            continue
        indent = len(item.group(1))
        if item.group(2).rstrip().rstrip(":").strip() in ("pip", '"pip"', "'pip'") and item.group(2).rstrip().endswith(":"):
            pip_indent = indent
            continue
        if pip_indent is None or indent <= pip_indent:
            pip_indent = None if pip_indent is not None and indent <= pip_indent else pip_indent
            continue
        start = offset + item.start(2)
        value = item.group(2)
        end = start + len(value)
        if value[:1] in "\"'":
            start, end = start + 1, start + 1 + len(value[1:].split(value[0], 1)[0])
        comment = re.search(r"\s#", text[start:end])
        if comment:
            end = start + comment.start()
        req = parse_requirement(text, start, end, "conda")
        if req:
            found.append(req)
    return found


_PIPFILE_ENTRY = re.compile(r'^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*(?P<value>.+?)\s*(?:#.*)?$')


def pipfile_requirements(text: str) -> list[FoundRequirement]:
    """``[packages]`` and ``[dev-packages]`` entries; span = the whole entry."""
    data = _load_toml(text)
    from triton_migrate.data.dependencies import NEW_PACKAGE, OLD_PACKAGES, normalize

    found = []
    section = ""
    seen: set[str] = set()
    for offset, line in _lines(text):
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            section = header.group(1).strip()
            table = data.get(section, {})
            seen = {normalize(k) for k in table} & {NEW_PACKAGE} if isinstance(table, dict) else set()
            continue
        if section not in ("packages", "dev-packages"):
            continue
        entry = _PIPFILE_ENTRY.match(line)
        if not entry:
            continue
        conflict = False
        if normalize(entry.group("name")) in OLD_PACKAGES:
            conflict = NEW_PACKAGE in seen
            seen.add(NEW_PACKAGE)
        value: Any = data.get(section, {}).get(entry.group("name"))
        spec = value if isinstance(value, str) else ""
        complex_value = not isinstance(value, str)
        found.append(FoundRequirement(
            text, offset, offset + entry.end("value"), "pipfile", entry.group("name"), (),
            "" if spec == "*" else spec, url=complex_value, conflict=conflict,
        ))
    return found


def kind_of(path: str) -> Kind | None:
    name = basename(path).lower()
    if name == "setup.cfg":
        return "setup.cfg"
    if name == "pyproject.toml":
        return "pyproject"
    if name == "pipfile":
        return "pipfile"
    if name in ("environment.yml", "environment.yaml") or re.fullmatch(r"environment[-_.][\w.-]*\.ya?ml", name):
        return "conda"
    if re.fullmatch(r"constraints[\w.-]*\.txt", name):
        return "constraints"
    if re.fullmatch(r"requirements[\w.-]*\.(txt|in)", name) or (name.endswith(".txt") and "/requirements/" in path.replace("\\", "/").lower()):
        return "requirements"
    return None


def find_requirements(text: str, kind: Kind) -> list[FoundRequirement]:
    if kind in ("requirements", "constraints"):
        return requirement_lines(text, kind)
    if kind == "setup.cfg":
        return setup_cfg_requirements(text)
    if kind == "pyproject":
        return pyproject_requirements(text)
    if kind == "conda":
        return conda_requirements(text)
    return pipfile_requirements(text)


class DependenciesCarrier(Carrier):
    name = "requirements"
    hooks = ("rewrite_requirement",)
    label = "a dependency file"
    priority = 35  # before the YAML carrier (40), for environment.yml
    self_validating = True  # migrate() parses its output again (TOML, YAML)

    def claims(self, path: str, head: bytes) -> bool:
        return kind_of(path) is not None

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        kind = kind_of(ctx.path) or "requirements"
        def edits_for(rule: Rule, current: str) -> list[Edit]:
            hook = getattr(rule.impl, "rewrite_requirement", None)
            if hook is None:
                return []
            return [edit for found in find_requirements(current, kind) for edit in hook(found, ctx)]

        text = run_span_rules(text, ctx, rules, edits_for)
        if text != ctx.original:
            try:
                find_requirements(text, kind)
            except CarrierParseError as exc:
                raise RuntimeError(f"the rewritten file does not parse: {exc}") from None
        return text


CARRIER = DependenciesCarrier()
