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

from triton_migrate import crossfile
from triton_migrate.carriers import Carrier, carrier_for
from triton_migrate.context import FileResult, file_finding
from triton_migrate.engine import carrier_may_need_work, migrate_bytes
from triton_migrate.settings import Settings
from triton_migrate.text import DecodeError, decode

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


def _migrate_target(target: Target, settings: Settings) -> tuple[FileResult, bytes | None, int]:
    """Read and migrate one file, writing nothing: (result, new bytes or None, file mode).  Never raises."""
    try:
        info = os.lstat(target.path)
        if stat.S_ISLNK(info.st_mode):
            return _symlink_result(Path(target.path), target.display), None, 0
        with open(target.path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        result = FileResult(target.display, "error", f"cannot read: {exc.strerror or exc}")
        result.findings.append(file_finding("unreadable_file", target.display, f"Not migrated: cannot read the file ({exc.strerror or exc})."))
        return result, None, 0
    outcome = migrate_bytes(data, target.display, settings)
    return outcome.result, outcome.new_bytes, info.st_mode


def _write(target: Target, result: FileResult, new_bytes: bytes, mode: int) -> None:
    try:
        atomic_write(target.path, new_bytes, mode)
    except OSError as exc:
        # Nothing was written (atomic_write removes its temporary file):
        # the rewrites did not happen, and the file is work left (exit 1).
        result.status = "error"
        result.reason = f"cannot write: {exc.strerror or exc}"
        result.findings = [f for f in result.findings if not f.applied]
        result.findings.append(file_finding(
            "unwritable_file", target.display,
            f"Not written: {result.reason}; the file is as it was. Fix the permissions and run again.",
            severity="error"))


def process(target: Target, settings: Settings, write: bool, keep_text: bool) -> FileResult:
    """Read, migrate and (maybe) write one file.  Never raises."""
    result, new_bytes, mode = _migrate_target(target, settings)
    if write and new_bytes is not None:
        _write(target, result, new_bytes, mode)
    if not keep_text:
        result.original = result.new = None
    return result


def _prefilter(target: Target, settings: Settings, keep: Callable[[bytes], bool] | None = None) -> tuple[bool | None, bytes | None]:
    """The cheap search, done before anything is parsed or sent to a worker.

    None: no carrier handles the file (it is left out of the report);
    False: handled, but nothing V1 can be in it; True: worth parsing.
    With ``keep``, a Python file's bytes come back too when ``keep(data)`` holds
    (the cross-file first pass reads them).
    """
    try:
        carrier, data = _carried(target)
    except OSError:
        return True, None  # let process() report it
    if carrier is None:
        return None, None
    kept = data if keep is not None and carrier.name == "python" and keep(data) else None
    return carrier_may_need_work(data, carrier, settings), kept


Item = tuple[Target, Settings, bool, bool, bool]  # target, settings, write, keep text, defer the write


@dataclass
class _Deferred:
    """A file migrated but not written yet: the cross-file check may migrate it again."""

    result: FileResult
    new_bytes: bytes | None
    mode: int


def _process_star(args: Item) -> FileResult | _Deferred:
    target, settings, write, keep_text, defer = args
    if defer:
        return _Deferred(*_migrate_target(target, settings))
    return process(target, settings, write, keep_text)


def _isolated(item: Item, context: object) -> FileResult | _Deferred:
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:  # type: ignore[arg-type]
            return pool.submit(_process_star, item).result()
    except BrokenProcessPool:
        target = item[0]
        result = FileResult(target.display, "error", "the parser crashed on this file; it was left as it was")
        result.findings.append(file_finding("internal_error", target.display, f"Not migrated: {result.reason}.", severity="error"))
        return result


def _read_text(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return decode(handle.read(), python=True).text
    except (OSError, DecodeError):
        return None


def first_pass(targets: list[Target], settings: Settings, context: Iterable[Target] = ()) -> tuple[
        list[tuple[Target, bool | None]], crossfile.RunIndex]:
    """The cheap search over every target, and the cross-file index of the Python files that name the
    V1 API (``context``: more files, not migrated, whose calls the decisions must see)."""
    verdicts: list[tuple[Target, bool | None]] = []
    files: list[tuple[str, str, str]] = []
    others: list[Target] = []  # Python files that name no V1 API: they may still call a V1 helper
    for target in targets:
        verdict, data = _prefilter(target, settings, crossfile.may_index)
        verdicts.append((target, verdict))
        if data is not None:
            _add_text(files, target, data)
        elif verdict is not None and target.display.endswith((".py", ".pyw")):
            others.append(target)
    for target in context:
        data = _python_bytes(target)
        if data is not None and crossfile.may_index(data):
            _add_text(files, target, data)
        elif data is not None:
            others.append(target)
    index = crossfile.build(files)
    # Second, cheaper look: files without V1 names that name an exported V1 helper (a factory's callers),
    # and modules the indexed files import (helpers that take a context and name no V1 API).
    needles = index.helper_needles()
    seen: set[str] = set()
    while True:  # imported modules may import more (a chain of helpers passing a protocol on)
        imported = index.imported()
        more: list[tuple[str, str, str]] = []
        helpers: set[str] = set()
        for target in others:
            if target.display in seen:
                continue
            if any(n in imported for n in crossfile.dotted_names(target.display)):
                helpers.add(target.display)
            elif not needles:
                continue
            data = _python_bytes(target)
            if data is not None and (target.display in helpers or any(m in data and n in data for m, n in needles)):
                _add_text(more, target, data)
        seen.update(path for path, _rel, _text in more)
        added = False
        for path, rel, text in more:
            info = crossfile.index_source(text, path, crossfile.dotted_names(rel), helper=path in helpers)
            if info is not None and (info.calls or (path in helpers and any(f.v1 for f in info.functions.values()))):
                index.add(info)
                added = True
        if not added:
            break
    if getattr(index, "seq_params", None):  # seqcross: every file of the run that may call a proven method
        texts = ((t.display, _python_bytes(t)) for t in others)
        crossfile.seq_others(index, ((p, d.decode("utf-8", "replace")) for p, d in texts if d is not None))
    index.decide(t.display for t in targets)
    return verdicts, index


def _carried(target: Target) -> tuple[Carrier | None, bytes]:
    """The carrier of a file and its bytes (raises OSError).  The head decides the carrier: a file no
    carrier claims (a model binary such as a 2 GB model.plan) is never read further."""
    with open(target.path, "rb") as handle:
        data = handle.read(256)
        carrier = carrier_for(target.display, data)
        if carrier is None:
            return None, data
        return carrier, data + handle.read()


def _python_bytes(target: Target) -> bytes | None:
    try:
        carrier, data = _carried(target)
    except OSError:
        return None
    return data if carrier is not None and carrier.name == "python" else None


def _add_text(files: list[tuple[str, str, str]], target: Target, data: bytes) -> None:
    try:
        files.append((target.display, target.display, decode(data, python=True).text))
    except DecodeError:
        pass


def _with_view(settings: Settings, view: crossfile.FileView) -> Settings:
    return settings.with_(extra={**settings.extra, crossfile.VIEW: view})


def run(
    targets: list[Target],
    settings: Settings,
    *,
    write: bool,
    keep_text: bool,
    jobs: int,
    progress: Callable[[int, str], None] | None = None,
    context: Iterable[Target] = (),
) -> list[FileResult]:
    """Process the targets; returns one result per target, sorted by path.

    First the cheap search over every target and the cross-file first pass
    (`first_pass`); then each candidate goes to the pool.  The pool starts at the
    second candidate; a single candidate is processed in this process.  Files tied
    to another file by a cross-file decision are written only after `_settle`
    has checked both sides.
    """
    results: list[FileResult] = []
    deferred: dict[str, tuple[Target, _Deferred]] = {}
    pending: list[Item] = []
    pool: ProcessPoolExecutor | None = None
    futures: list[tuple[Item, Future[FileResult | _Deferred]]] = []
    mp_context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    verdicts, index = first_pass(targets, settings, context)
    involved = index.involved()

    def collect(item: Item, outcome: FileResult | _Deferred) -> None:
        if isinstance(outcome, _Deferred):
            deferred[item[0].display] = (item[0], outcome)
        else:
            results.append(outcome)

    try:
        for target, verdict in verdicts:
            tied = target.display in involved
            if not verdict and not tied:
                if verdict is False:
                    results.append(FileResult(target.display, "unchanged"))
                if progress:
                    progress(1, target.display)
                continue
            item: Item = (target, _with_view(settings, index.view(target.display)) if tied else settings, write,
                          keep_text, tied)
            if jobs <= 1:
                if progress:
                    progress(0, target.display)
                collect(item, _process_star(item))
                if progress:
                    progress(1, target.display)
                continue
            pending.append(item)
            if pool is None and len(pending) >= 2:
                pool = ProcessPoolExecutor(max_workers=jobs, mp_context=mp_context)  # type: ignore[arg-type]
            if pool is not None:
                for queued in pending:
                    futures.append((queued, pool.submit(_process_star, queued)))
                pending.clear()
        for item in pending:  # at most one: the pool never started
            if progress:
                progress(0, item[0].display)
            collect(item, _process_star(item))
            if progress:
                progress(1, item[0].display)
        for item, future in futures:
            try:
                collect(item, future.result())
            except BrokenProcessPool:
                # A worker died (a parser crash in native code): redo the files
                # it did not finish one per process, so only the file that
                # kills it is lost.  Files finished before keep their result.
                collect(item, _isolated(item, mp_context))
            if progress:
                progress(1, item[0].display)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    if deferred:
        results.extend(_settle(index, deferred, settings, write, keep_text))
    results.sort(key=lambda r: r.path)
    return results


# Rounds of the cross-file check: each may turn more helpers to "stays V1" and migrate their files again.
CROSS_ROUNDS = 3


def _settle(index: crossfile.RunIndex, deferred: dict[str, tuple[Target, _Deferred]], settings: Settings,
            write: bool, keep_text: bool) -> list[FileResult]:
    """The cross-file check of the files tied by a decision, then their findings, then the writes.

    A helper whose sides disagree after migration (one converted, one still V1) becomes
    "stays V1"; its files are migrated again with the new decisions.  A disagreement that
    survives `CROSS_ROUNDS` leaves those files as they were, with an error finding."""
    def text_of(display: str) -> str | None:
        outcome = deferred[display][1].result
        if outcome.new is not None:
            return outcome.new
        return outcome.original if outcome.original is not None else _read_text(deferred[display][0].path)

    broken: set[str] = set()
    for _round in range(CROSS_ROUNDS + 1):
        texts = {d: t for d in deferred if (t := text_of(d)) is not None}
        flipped = index.check(texts)
        if not flipped:
            break
        redo: set[str] = set()
        for key in flipped:
            decision = index.decisions.get(key)
            if decision is not None:
                redo.add(decision.helper.path)
                redo.update(s.path for s in decision.sites)
        if _round == CROSS_ROUNDS:
            broken = redo
            break
        index.decide(index.migrating)
        for display in sorted(redo & set(deferred)):
            target = deferred[display][0]
            deferred[display] = (target, _Deferred(*_migrate_target(target, _with_view(settings, index.view(display)))))
    out = []
    for display, (target, outcome) in sorted(deferred.items()):
        result, new_bytes = outcome.result, outcome.new_bytes
        original = result.original if result.original is not None else _read_text(target.path)
        if display in broken:
            result.findings = [f for f in result.findings if not f.applied]
            result.findings.append(file_finding(
                "v1_client_api", display, "Not migrated: this file and another one of the run pass V1 objects to "
                "each other, and converting them would have left one side V1; nothing in it was changed.",
                severity="error"))
            result.status, result.new, new_bytes = ("unchanged" if result.status == "changed" else result.status), None, None
        if original is not None and result.status in ("changed", "unchanged"):
            result.findings.extend(index.findings(display, original))
            if result.new is not None:
                result.findings.extend(index.hints(display, result.new))
            result.findings.sort(key=lambda f: f.sort_key())
        if write and new_bytes is not None:
            _write(target, result, new_bytes, outcome.mode)
        if not keep_text:
            result.original = result.new = None
        out.append(result)
    return out


def index_context(paths: list[str], root: Path, settings: Settings, targets: list[Target]) -> list[Target]:
    """For a run over explicit files (pre-commit passes only the changed ones): the other Python files of
    the project, which the cross-file first pass reads (never migrates) so that a helper is not converted
    while a caller it cannot see still passes it V1 objects.  Empty for a run over folders."""
    if not any(Path(p).is_file() and p.endswith((".py", ".pyw")) for p in paths):
        return []
    base = os.path.relpath(root)
    found, _ = discover([base], root, settings)
    mine = set()
    for target in targets:
        try:
            mine.add(os.path.realpath(target.path))
        except OSError:
            pass
    return [t for t in found if t.display.endswith((".py", ".pyw")) and os.path.realpath(t.path) not in mine]
