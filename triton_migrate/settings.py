"""Run settings: what the CLI options and ``[tool.triton-migrate]`` turn into."""
from __future__ import annotations

import difflib
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
    # --drop-v1-only-checks: drop test checks on values V2 does not have (codemods/v1_only_checks.py).
    drop_v1_only_checks: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def enabled(self, rule_id: str) -> bool:
        if rule_id in self.ignore:
            return False
        return self.select is None or rule_id in self.select

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


CONFIG_KEYS = {"select", "ignore", "exclude", "target-version", "model-repository", "strict", "drop-v1-only-checks"}


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
    for key in sorted(set(config) - CONFIG_KEYS):
        close = difflib.get_close_matches(key.replace("_", "-"), sorted(CONFIG_KEYS), n=1, cutoff=0.6)
        hint = f" (did you mean `{close[0]}`?)" if close else f" (known keys: {', '.join(sorted(CONFIG_KEYS))})"
        raise ConfigError(f"{path}: unknown key `{key}` in [tool.triton-migrate]{hint}")
    for key in ("select", "ignore", "exclude", "model-repository"):
        value = config.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{path}: `{key}` in [tool.triton-migrate] must be a list of strings")
    if "target-version" in config and not isinstance(config["target-version"], str):
        raise ConfigError(f'{path}: `target-version` in [tool.triton-migrate] must be a string such as "2.51"')
    for key in ("strict", "drop-v1-only-checks"):
        if key in config and not isinstance(config[key], bool):
            raise ConfigError(f"{path}: `{key}` in [tool.triton-migrate] must be true or false")
    return config


def config_key(root: Path, key: str) -> str:
    """How an error names a configuration key: ``target-version`` in [tool.triton-migrate] (path)."""
    return f"`{key}` in [tool.triton-migrate] ({root / 'pyproject.toml'})"
