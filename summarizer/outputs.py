"""The files a run writes: summaries and errors, each id exactly once, never clobbered.

* ``-o -`` streams summaries to stdout; any other output that is not a regular file (a
  device, a pipe) is written to but never read back. Only a regular file is resumed.
* A resumed output (and errors file) is first cut back to its last complete line (an
  interrupted run or a full disk may leave a torn one), and the run says so.
* The output and the errors file are locked (``flock``) for the run: a second process with
  the same files stops at once with a clear message instead of writing every article twice.
* The errors file is never truncated: a resumed run keeps the failures of ids it does not
  retry, drops those it retries or that are done (so no id is in both files), and appends.
  When lines are dropped, the kept ones are written beside it and renamed over it, so a
  kill at any moment leaves the old lines or the new ones.
* ``--errors`` equal to the output is refused; so is an output inside an existing file.
* Filesystem trouble (no permission, a directory in the way, a full disk) is one line of
  :class:`~summarizer.errors.OutputError`, not a traceback.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from summarizer.errors import OutputError

__all__ = ["STDOUT", "ResultFiles", "default_errors_path"]

STDOUT = "-"


def default_errors_path(output: str) -> Path:
    """``out.jsonl`` -> ``out.errors.jsonl``; stdout and devices -> ``./errors.jsonl``."""
    path = Path(output)
    if output == STDOUT or (path.exists() and not path.is_file()):
        return Path("errors.jsonl")
    return path.with_name(path.stem + ".errors.jsonl")


@dataclass
class ResultFiles:
    """The run's output and errors files, opened, locked and ready to append."""

    output: str
    errors: Path
    notes: list[str] = field(default_factory=list)
    """What the files said about themselves (a torn line cut, a resumed run)."""
    done: set[str] = field(default_factory=set)
    _out: TextIO | None = None
    _err: TextIO | None = None

    @contextlib.contextmanager
    def open(self, retry_ids: set[str] | None = None) -> Iterator[ResultFiles]:
        """Open both files for the run (see the module docstring); close them after."""
        self._refuse_same_path()
        try:
            with contextlib.ExitStack() as stack:
                self._out = stack.enter_context(self._open_output())
                self._err = stack.enter_context(self._open_errors(retry_ids or set()))
                yield self
        except OSError as exc:
            raise OutputError(_describe(exc)) from exc
        finally:
            self._out = self._err = None

    def write_summary(self, line: str) -> None:
        """One summary line, flushed."""
        self._write(self._out, line)

    def write_error(self, line: str) -> None:
        """One error line, flushed."""
        self._write(self._err, line)

    def _write(self, handle: TextIO | None, line: str) -> None:
        assert handle is not None, "the files are not open"
        try:
            handle.write(line + "\n")
            handle.flush()
        except OSError as exc:
            raise OutputError(_describe(exc)) from exc

    def _refuse_same_path(self) -> None:
        if self.output != STDOUT and _same_file(Path(self.output), self.errors):
            raise OutputError(f"--errors and -o are the same file: {self.errors}")

    @contextlib.contextmanager
    def _open_output(self) -> Iterator[TextIO]:
        if self.output == STDOUT:
            yield sys.stdout
            return
        path = Path(self.output)
        if path.exists() and not path.is_file():  # a device or a pipe: write, never read
            with path.open("a", encoding="utf-8") as handle:
                yield handle
            return
        _make_parent(path)
        with path.open("a+", encoding="utf-8") as handle:
            _lock(handle, path)
            self.done = self._resume(handle, path)
            yield handle

    def _resume(self, handle: TextIO, path: Path) -> set[str]:
        """Cut a torn last line, then read the ids already done."""
        handle.seek(0)
        data = handle.buffer.read() if hasattr(handle, "buffer") else b""
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            handle.flush()
            os.ftruncate(handle.fileno(), keep)
            self.notes.append(
                f"{path}: cut a torn last line ({len(data) - keep} bytes) left by an earlier run"
            )
            data = data[:keep]
        handle.seek(0, os.SEEK_END)
        return _ids(data.decode("utf-8", errors="replace"))

    @contextlib.contextmanager
    def _open_errors(self, retry_ids: set[str]) -> Iterator[TextIO]:
        path = self.errors
        if path.exists() and not path.is_file():
            with path.open("a", encoding="utf-8") as handle:
                yield handle
            return
        _make_parent(path)
        with path.open("a+", encoding="utf-8") as handle:
            _lock(handle, path)
            handle.seek(0)
            text = handle.read()
            lines = text.splitlines()
            if text and not text.endswith("\n"):  # torn by an interrupted run: a failure is
                self.notes.append(f"{path}: cut a torn last line left by an earlier run")
                lines = lines[:-1]  # its article is not done, so this run tries it again
            kept = [
                line for line in lines if line.strip() and _id(line) not in (retry_ids | self.done)
            ]
            if kept == text.splitlines():
                handle.seek(0, os.SEEK_END)
                yield handle
                return
            with _replaced(path, "".join(line + "\n" for line in kept)) as fresh:
                yield fresh


@contextlib.contextmanager
def _replaced(path: Path, text: str) -> Iterator[TextIO]:
    """Put ``text`` at ``path`` atomically, and hold the new file locked and open to append.

    The new file is written, locked and synced beside the old one, then renamed over it: a
    run killed at any moment leaves either the old lines or the new ones, never neither.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("w+", encoding="utf-8") as handle:
        try:
            _lock(handle, temporary)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        yield handle


def _lock(handle: TextIO, path: Path) -> None:
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(f"another summarizer run is writing to {path}") from None


def _make_parent(path: Path) -> None:
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"cannot write {path}: {parent} is a file, not a directory")
    parent.mkdir(parents=True, exist_ok=True)


def _same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _id(line: str) -> str | None:
    try:
        return str(json.loads(line)["article_id"])
    except (ValueError, KeyError, TypeError):
        return None


def _ids(text: str) -> set[str]:
    return {i for i in map(_id, text.splitlines()) if i is not None}


def _describe(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    where = f" {exc.filename}" if exc.filename else ""
    return f"cannot write{where}: {reason}"
