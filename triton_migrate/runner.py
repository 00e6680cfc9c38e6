"""The I/O edge: find files, read them, run the pure core, write atomically.

Reading and the cheap byte search happen in this process; only files that
may hold V1 usages are parsed, serially or in a process pool.
"""
from __future__ import annotations

import errno
import multiprocessing
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pathspec

from triton_migrate.carriers import carrier_for
from triton_migrate.context import FileResult, file_finding
from triton_migrate.engine import carrier_may_need_work, migrate_bytes
from triton_migrate.settings import Settings

TEMP_SUFFIX = ".triton-migrate.tmp"

# Folders a user never wants rewritten.  Virtualenvs are also recognised by
# their pyvenv.cfg, whatever their name.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", ".tox", ".nox", ".venv", "venv", ".env",
    "__pycache__", "node_modules", "build", "dist", ".eggs", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints", "site-packages",
})


@dataclass(frozen=True)
class Target:
    """A file to process: where it is, and how the report names it."""

    path: str
    display: str


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")


def _display(base_display: str, rel: str) -> str:
    if base_display in (".", "./"):
        return rel
    return f"{base_display.rstrip('/')}/{rel}"


class _Ignores:
    """gitignore files met on the way down, plus the user's --exclude globs."""

    def __init__(self, root: Path, exclude: Iterable[str]) -> None:
        self.root = root
        patterns = list(exclude)
        self.exclude = pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None
        self.specs: dict[Path, pathspec.PathSpec | None] = {}

    def _spec(self, folder: Path) -> pathspec.PathSpec | None:
        if folder not in self.specs:
            lines: list[str] = []
            for name in (".gitignore",) + ((".git/info/exclude",) if folder == self.root else ()):
                try:
                    lines += (folder / name).read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    pass
            self.specs[folder] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        return self.specs[folder]

    def user_excluded(self, path: Path, is_dir: bool = False) -> bool:
        if self.exclude is None:
            return False
        try:
            rel = path.relative_to(self.root)
        except ValueError:
            return False
        return self.exclude.match_file(_posix(str(rel)) + ("/" if is_dir else ""))

    def excluded(self, path: Path, is_dir: bool) -> bool:
        return self.user_excluded(path, is_dir) or self.gitignored(path, is_dir)

    def gitignored(self, path: Path, is_dir: bool) -> bool:
        try:
            rel_parts = path.relative_to(self.root).parts
        except ValueError:
            return False
        suffix = "/" if is_dir else ""
        folder = self.root
        for depth in range(len(rel_parts)):
            spec = self._spec(folder)
            if spec is not None and spec.match_file("/".join(rel_parts[depth:]) + suffix):
                return True
            folder = folder / rel_parts[depth]
        return False


def _is_venv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file()


def discover(paths: list[str], root: Path, settings: Settings, clean_temp: bool = False) -> tuple[list[Target], list[FileResult]]:
    """Expand the command-line paths into files; report the ones that cannot be read."""
    ignores = _Ignores(root, settings.exclude)
    targets: list[Target] = []
    skipped: list[FileResult] = []
    seen: set[str] = set()

    def add(path: Path, display: str, explicit: bool) -> None:
        display = _posix(display)
        if display in seen:
            return
        seen.add(display)
        name = path.name
        if name.endswith(TEMP_SUFFIX):
            if clean_temp:
                try:
                    path.unlink()
                except OSError:
                    pass
            return
        if path.is_symlink():
            if not explicit and carrier_for(str(path)) is None:
                return
            skipped.append(_symlink_result(path, display))
            return
        targets.append(Target(str(path), display))

    for given in paths:
        path = Path(given)
        display = _posix(given)
        if path.is_symlink() or path.is_file():
            # Explicit files (pre-commit passes them) honour --exclude, not .gitignore.
            if not ignores.user_excluded(path.parent.resolve() / path.name):
                add(path, display, True)
            continue
        if not path.exists():
            skipped.append(FileResult(display, "error", "no such file or directory"))
            continue
        for file_path, rel in _walk(path.resolve(), ignores):
            add(file_path, _display(display, rel), False)
    return targets, skipped


def _walk(top: Path, ignores: _Ignores) -> Iterator[tuple[Path, str]]:
    stack = [(top, "")]
    while stack:
        folder, rel = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            entry_path = Path(entry.path)
            entry_rel = f"{rel}/{entry.name}" if rel else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name in SKIP_DIRS or entry.name.endswith(".egg-info") or _is_venv(entry_path):
                    continue
                if ignores.excluded(entry_path.absolute(), True):
                    continue
                subdirs.append((entry_path, entry_rel))
                continue
            if ignores.excluded(entry_path.absolute(), False):
                continue
            yield entry_path, entry_rel
        stack.extend(reversed(subdirs))


def _symlink_result(path: Path, display: str) -> FileResult:
    try:
        path.resolve(strict=True)
        reason = "symbolic link: not followed (the tool never writes through links; run it on the target)"
    except RuntimeError:
        reason = "symbolic link loop"
    except OSError as exc:
        reason = "symbolic link loop" if exc.errno == errno.ELOOP else f"broken symbolic link ({exc.strerror})"
    return FileResult(display, "skipped", reason)


def atomic_write(path: str, data: bytes, mode: int) -> None:
    """Write through a temporary file in the same folder, then rename over."""
    folder, name = os.path.split(path)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.S_IMODE(mode))
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def process(target: Target, settings: Settings, write: bool, keep_text: bool) -> FileResult:
    """Read, migrate and (maybe) write one file.  Never raises."""
    try:
        info = os.lstat(target.path)
        if stat.S_ISLNK(info.st_mode):
            return _symlink_result(Path(target.path), target.display)
        with open(target.path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        result = FileResult(target.display, "error", f"cannot read: {exc.strerror or exc}")
        result.findings.append(file_finding("unreadable_file", target.display, f"Not migrated: cannot read the file ({exc.strerror or exc})."))
        return result
    outcome = migrate_bytes(data, target.display, settings)
    result = outcome.result
    if write and outcome.new_bytes is not None:
        try:
            atomic_write(target.path, outcome.new_bytes, info.st_mode)
        except OSError as exc:
            result.status = "error"
            result.reason = f"cannot write: {exc.strerror or exc}"
            result.findings.append(file_finding("internal_error", target.display, f"Not written: {result.reason}.", severity="error"))
    if not keep_text:
        result.original = result.new = None
    return result


def _prefilter(target: Target, settings: Settings) -> bool | None:
    """The cheap search, done before anything is parsed or sent to a worker.

    None: no carrier handles the file (it is left out of the report);
    False: handled, but nothing V1 can be in it; True: worth parsing.
    """
    try:
        with open(target.path, "rb") as handle:
            data = handle.read()
    except OSError:
        return True  # let process() report it
    carrier = carrier_for(target.display, data[:256])
    if carrier is None:
        return None
    return carrier_may_need_work(data, carrier, settings)


def _process_star(args: tuple[Target, Settings, bool, bool]) -> FileResult:
    return process(*args)


def _isolated(item: tuple[Target, Settings, bool, bool], context: object) -> FileResult:
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:  # type: ignore[arg-type]
            return pool.submit(_process_star, item).result()
    except BrokenProcessPool:
        target = item[0]
        result = FileResult(target.display, "error", "the parser crashed on this file; it was left as it was")
        result.findings.append(file_finding("internal_error", target.display, f"Not migrated: {result.reason}.", severity="error"))
        return result


def run(
    targets: list[Target],
    settings: Settings,
    *,
    write: bool,
    keep_text: bool,
    jobs: int,
    progress: Callable[[int], None] | None = None,
) -> list[FileResult]:
    """Process the targets; returns one result per target, sorted by path.

    The cheap search runs here while the workers parse: each candidate goes
    to the pool as soon as it is found, so scanning the files with nothing to
    do costs no wall time when there is parsing to wait for.  The pool starts
    at the second candidate; a single candidate is processed in this process.
    """
    results: list[FileResult] = []
    pending: list[tuple[Target, Settings, bool, bool]] = []
    pool: ProcessPoolExecutor | None = None
    futures: list[tuple[tuple[Target, Settings, bool, bool], Future[FileResult]]] = []
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    try:
        for target in targets:
            verdict = _prefilter(target, settings)
            if not verdict:
                if verdict is False:
                    results.append(FileResult(target.display, "unchanged"))
                if progress:
                    progress(1)
                continue
            item = (target, settings, write, keep_text)
            if jobs <= 1:
                results.append(_process_star(item))
                if progress:
                    progress(1)
                continue
            pending.append(item)
            if pool is None and len(pending) >= 2:
                pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)  # type: ignore[arg-type]
            if pool is not None:
                for queued in pending:
                    futures.append((queued, pool.submit(_process_star, queued)))
                pending.clear()
        for item in pending:  # at most one: the pool never started
            results.append(_process_star(item))
            if progress:
                progress(1)
        for item, future in futures:
            try:
                results.append(future.result())
            except BrokenProcessPool:
                # A worker died (a parser crash in native code): redo the files
                # it did not finish one per process, so only the file that
                # kills it is lost.  Files finished before keep their result.
                results.append(_isolated(item, context))
            if progress:
                progress(1)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    results.sort(key=lambda r: r.path)
    return results
