"""A progress line on stderr for long runs: files done, of how many, and the current file.

Shown only when stderr is a terminal, not under ``-q``, not in CI (the ``CI``
environment variable, set by GitHub Actions, GitLab, CircleCI, ...), and only
once the run has taken more than a second (``TRITON_MIGRATE_PROGRESS_DELAY``
seconds; tests set 0).  A background thread redraws it, so a single slow file
still shows as current; the line is erased before the report is printed.
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from typing import TextIO

DEFAULT_DELAY = 1.0


def wanted(stream: TextIO, quiet: bool) -> bool:
    if quiet or os.environ.get("CI"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, delay: float | None = None) -> None:
        self.total = total
        self.done = 0
        self.current = ""
        self.stream = stream or sys.stderr
        if delay is None:
            try:
                delay = float(os.environ.get("TRITON_MIGRATE_PROGRESS_DELAY", DEFAULT_DELAY))
            except ValueError:
                delay = DEFAULT_DELAY
        self.delay = delay
        self.start = time.monotonic()
        self.shown = False
        self._last = float("-inf")
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, name="triton-migrate-progress", daemon=True)
        self._thread.start()

    def update(self, count: int, path: str | None = None) -> None:
        """``count`` more files done; ``path`` is the file just done or just started."""
        with self._lock:
            self.done += count
            if path:
                self.current = path
        now = time.monotonic()
        if now - self.start >= self.delay and now - self._last >= 0.1:
            self._draw()

    def _tick(self) -> None:
        while not self._stop.wait(0.1):
            if time.monotonic() - self.start >= self.delay:
                self._draw()

    def _draw(self) -> None:
        with self._lock:
            done, current = self.done, self.current
            self._last = time.monotonic()
        width = shutil.get_terminal_size((80, 24)).columns
        line = f"triton-migrate: {done}/{self.total} files"
        if current:
            line += f"  {current}"
        if len(line) > width - 1:
            line = line[:width - 2] + "…"
        with self._write_lock:
            if self._stop.is_set():
                return
            self.stream.write("\r\x1b[K" + line)
            self.stream.flush()
            self.shown = True

    def close(self) -> None:
        with self._write_lock:
            self._stop.set()
        self._thread.join()
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
