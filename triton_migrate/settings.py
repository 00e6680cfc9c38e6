"""Run settings: what the CLI options and ``[tool.triton-migrate]`` turn into."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from triton_migrate.versions import DEFAULT_TARGET, Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class Settings:
    """Everything a rule may consult.  Immutable and picklable (sent to workers)."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    target_version: Version = DEFAULT_TARGET
    exclude: tuple[str, ...] = ()
    model_repositories: tuple[str, ...] = ()
    strict: bool = False
    # Files larger than this are reported, not parsed (0: no limit).  Name
    # resolution on a multi-megabyte generated file takes minutes.
    max_file_size: int = 4 * 1024 * 1024
    # --fix-python2: convert Python 2 files with fissix before migrating them.
    fix_python2: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def enabled(self, rule_id: str) -> bool:
        if rule_id in self.ignore:
            return False
        return self.select is None or rule_id in self.select

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


CONFIG_KEYS = {"select", "ignore", "exclude", "target-version", "model-repository", "strict"}


class ConfigError(ValueError):
    pass


def find_project_root(paths: list[Path]) -> Path:
    """The nearest folder above the first path that holds pyproject.toml or .git."""
    start = paths[0].resolve() if paths else Path.cwd().resolve()
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() or (folder / ".git").exists():
            return folder
    return start


def load_config(root: Path) -> dict[str, Any]:
    """Read ``[tool.triton-migrate]`` from ``root/pyproject.toml`` (empty if absent)."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    config = data.get("tool", {}).get("triton-migrate", {})
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: [tool.triton-migrate] must be a table")
    unknown = set(config) - CONFIG_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown [tool.triton-migrate] keys: {', '.join(sorted(unknown))}")
    for key in ("select", "ignore", "exclude", "model-repository"):
        value = config.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{path}: [tool.triton-migrate] {key} must be a list of strings")
    return config
