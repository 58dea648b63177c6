"""How several processes share one DuckDB file: one writer at a time, many readers, no lock-outs.

DuckDB lets one process open a file for writing, or any number of processes open it
read-only, never both at once. sitroom therefore never holds a file longer than it needs:

- ``connect(path, read_only=..., wait=...)`` retries while another process holds a conflicting
  lock (up to ``wait`` seconds) and, while it waits, leaves a *waiter file* in
  ``<db>.waiting/`` so that holders who keep a connection warm let go at once.
- ``SharedConnection`` is a process's handle on a file (the dashboard's, a long CLI run's): it
  opens on demand, keeps the connection warm for ``linger`` seconds after the last use so a
  page's queries share it, and closes it as soon as another process is waiting. Before opening
  it gives way briefly to a process already waiting, so a busy dashboard cannot starve a writer.

Errors come out as ``StoreError`` with what happened in plain words: busy (and which process
holds the lock), read-only, disk full, not a database.
"""
from __future__ import annotations

import atexit
import os
import re
import threading
import time
import weakref
from pathlib import Path

import duckdb

DEFAULT_WAIT = 60.0      # seconds to wait for another process's lock
LINGER = 10.0            # seconds a shared connection stays open after its last use (others waiting: at once)
GIVE_WAY = 2.0           # seconds a shared connection waits for a process that was waiting first


class StoreError(RuntimeError):
    """The database cannot be used as asked; the message says why in plain words."""


# The two below are also ValueErrors so that forms which show a message for a value they could
# not save (the review form catches ValueError) show these too instead of a traceback.
class DatabaseBusy(StoreError, ValueError):
    """Another process held the lock for longer than we were willing to wait."""


class ReadOnlyDatabase(StoreError, ValueError):
    """The file (or its folder) cannot be written by this user."""


_LOCK_WORDS = ("Could not set lock", "Conflicting lock")
_CONFIG_WORDS = ("different configuration",)
_READONLY_WORDS = ("Permission denied", "Operation not permitted", "Read-only file system", "read-only mode", "Cannot open database in read-only")
_FULL_WORDS = ("No space left", "File too large", "Disk full", "disk is full", "out of disk")


def waiting_dir(path: Path) -> Path:
    return Path(str(path) + ".waiting")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def others_waiting(path: Path) -> bool:
    """Is another live process waiting for this database?"""
    d = waiting_dir(path)
    try:
        names = os.listdir(d)
    except OSError:
        return False
    me = os.getpid()
    for name in names:
        pid = int(name.split("-")[0]) if name.split("-")[0].isdigit() else None
        if pid is None or pid == me:
            continue
        if _alive(pid):
            return True
        try:
            (d / name).unlink()   # a waiter killed while waiting
        except OSError:
            pass
    return False


class _Waiter:
    """The waiter file of this thread while it waits (best effort: a read-only folder has none)."""

    def __init__(self, path: Path):
        self.file = waiting_dir(path) / f"{os.getpid()}-{threading.get_ident()}"
        self.made = False

    def __enter__(self):
        return self

    def announce(self) -> None:
        if self.made:
            return
        try:
            self.file.parent.mkdir(exist_ok=True)
            self.file.touch()
            self.made = True
        except OSError:
            pass

    def __exit__(self, *exc):
        if self.made:
            try:
                self.file.unlink()
                self.file.parent.rmdir()   # only succeeds when nobody else waits
            except OSError:
                pass


def explain(path: Path, exc: Exception, *, read_only: bool) -> StoreError:
    """A DuckDB open/write error as a StoreError that says what to do."""
    text = str(exc)
    if any(w in text for w in _FULL_WORDS):
        return StoreError(f"{path}: the disk is full (or the file may not grow): nothing was written ({_short(text)})")
    if any(w in text for w in _READONLY_WORDS):
        return ReadOnlyDatabase(f"{path}: read-only for this user or file system; sitroom can read it "
                                f"but not write to it ({_short(text)})")
    if any(w in text for w in _LOCK_WORDS):
        holder = re.search(r"held in (\S+) \(PID (\d+)\)", text)
        who = f"process {holder.group(2)} ({Path(holder.group(1)).name})" if holder else "another process"
        return DatabaseBusy(f"{path}: busy: {who} kept it locked; try again when it has finished")
    if any(w in text for w in _CONFIG_WORDS):
        return DatabaseBusy(f"{path}: this process holds it open in the other mode (read-only vs read-write)")
    if "not a valid DuckDB" in text or "Corrupt" in text or "database file" in text.lower():
        return StoreError(f"{path}: not a sitroom database or damaged ({_short(text)})")
    mode = "read" if read_only else "open"
    return StoreError(f"{path}: cannot {mode} the database ({_short(text)})")


def _short(text: str) -> str:
    return text.split(". See also")[0].split("\n")[0][:300]


def _retryable(exc: Exception) -> bool:
    text = str(exc)
    return any(w in text for w in _LOCK_WORDS + _CONFIG_WORDS)


def connect(path: str | Path, *, read_only: bool, wait: float = DEFAULT_WAIT) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection, waiting up to ``wait`` seconds for another process's lock."""
    path = Path(path)
    deadline = time.monotonic() + wait
    delay = 0.02
    with _Waiter(path) as waiter:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except (duckdb.IOException, duckdb.ConnectionException, duckdb.Error) as exc:
                if not _retryable(exc) or time.monotonic() >= deadline:
                    raise explain(path, exc, read_only=read_only) from exc
                if any(w in str(exc) for w in _CONFIG_WORDS):
                    _release_local(path)   # this process's own warm connection, in the other mode
                waiter.announce()
                time.sleep(delay)
                delay = min(delay * 1.5, 0.25)


class SharedConnection:
    """One process's on-demand, let-go-when-asked access to a database file.

    ``connection()`` returns a fresh DuckDB connection (thread-safe: each caller gets its own;
    they share one database instance while any is open). The instance closes, and the file
    lock goes, when no connection is in use and the warm one has been dropped: after
    ``linger`` seconds idle, or at once when another process waits.
    """

    def __init__(self, path: str | Path, *, writable: bool, wait: float = DEFAULT_WAIT, linger: float = LINGER):
        self.path = Path(path)
        self.writable = writable
        self.wait = wait
        self.linger = linger
        self.read_only_reason: str | None = None
        # Re-entrant: opening may ask this process's shared connections (this one too) to let go.
        self._lock = threading.RLock()
        self._warm: duckdb.DuckDBPyConnection | None = None
        self._last = 0.0
        self._watcher: threading.Thread | None = None
        _ALL.add(self)

    def connection(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._warm is None:
                self._give_way()
                self._warm = self._open()
                self._start_watcher()
            self._last = time.monotonic()
            try:
                return duckdb.connect(str(self.path), read_only=not self.writable)
            except duckdb.Error:   # the instance was closed under us: open it again
                self._warm = self._open()
                return duckdb.connect(str(self.path), read_only=not self.writable)

    def _open(self) -> duckdb.DuckDBPyConnection:
        try:
            return connect(self.path, read_only=not self.writable, wait=self.wait)
        except ReadOnlyDatabase as exc:
            if not self.writable:
                raise
            self.writable, self.read_only_reason = False, str(exc)   # read what we can
            return connect(self.path, read_only=True, wait=self.wait)

    def _give_way(self) -> None:
        deadline = time.monotonic() + GIVE_WAY
        while others_waiting(self.path) and time.monotonic() < deadline:
            time.sleep(0.05)

    def _start_watcher(self) -> None:
        if self._watcher is None or not self._watcher.is_alive():
            self._watcher = threading.Thread(target=self._watch, name=f"sitroom-db-{self.path.name}", daemon=True)
            self._watcher.start()

    def _watch(self) -> None:
        while not _EXITING.is_set():
            time.sleep(0.05)
            with self._lock:
                if self._warm is None or _EXITING.is_set():
                    return
                if time.monotonic() - self._last > self.linger or others_waiting(self.path):
                    self._release()
                    return

    def _release(self) -> None:
        warm, self._warm = self._warm, None
        if warm is not None:
            try:
                warm.close()
            except duckdb.Error:
                pass

    def release(self) -> None:
        """Let go of the warm connection now (connections in use keep the file until closed)."""
        with self._lock:
            self._release()


# A daemon thread still inside DuckDB when the interpreter exits aborts the process (its C++
# frames swallow the thread's forced unwind): at exit, stop the watchers and close every warm
# connection from the main thread first.
_ALL: "weakref.WeakSet[SharedConnection]" = weakref.WeakSet()
_EXITING = threading.Event()


def _release_local(path: Path) -> None:
    """Let go of this process's warm connections to ``path`` (another part of it needs the file
    in the other mode)."""
    target = os.path.realpath(path)
    for shared in list(_ALL):
        if os.path.realpath(shared.path) == target:
            shared.release()


@atexit.register
def _close_all() -> None:
    _EXITING.set()
    for shared in list(_ALL):
        watcher = shared._watcher
        if watcher is not None and watcher is not threading.current_thread():
            watcher.join(timeout=1.0)
        shared.release()
