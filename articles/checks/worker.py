"""Run the checks of many stories in a second process while the caller goes on.

An import writes one file per transaction, on one core; the checks of the
articles it creates are pure Python (`run_checks` on a `Story`) and used to
run after the last write on that same core while the other idled. A worker
process checks them while the files are written.

The worker is forked before the import reads the bundle, while the process
is small, and is sent the stories (and lingua's scores of their passages)
through a pipe once they are known: forked later, it would share the pages
of the whole planned bundle, and every page either process touched afterwards
would be copied (CPython writes reference counts even when it only reads).

Whichever finishes first does not wait for the other: once the files are
written, the worker is told (`share`) to stop half-way through the stories
it has not reached yet, and the caller checks the rest meanwhile. The two
processes see how far the worker got through a few bytes of memory they
share (`_Progress`, mapped before the fork).

The child closes every descriptor it inherited but its two pipes (so the
parent's database session, and the locks it holds, end with the parent),
never uses a database connection, detects with lingua one passage at a time
(its thread pool does not survive a fork), and leaves with `os._exit`, so
nothing the parent holds is closed or flushed twice. Whatever goes wrong in
it, `results()` returns None, logs why, and the caller checks the stories
itself.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import pickle
import select
import signal
import struct
import traceback
from collections.abc import Iterable

from articles import language
from articles.checks import untranslated
from articles.checks.base import FindingData, Story
from articles.checks.engine import run_checks
from articles.language import PassageScores

logger = logging.getLogger(__name__)

#: Fewer stories than this are best checked by the caller: a worker costs more than it saves.
MIN_STORIES = 20
#: Stories sent, and checked, together (their passages looked up in lingua's scores at once).
BATCH = 100
#: How long `results()` waits for the worker once asked: far above what a story takes.
TIMEOUT = 60.0
TIMEOUT_PER_STORY = 0.1


class CheckWorker:
    """A child process that waits for stories, checks them and sends back the findings."""

    def __init__(self, pid: int, to_child: int, from_child: int, progress: _Progress):
        self.pid = pid
        self.to_child, self.from_child = os.fdopen(to_child, "wb"), os.fdopen(from_child, "rb")
        self.progress = progress
        self.running = True
        self.sent = 0

    @classmethod
    def fork(cls) -> CheckWorker | None:
        """Start a worker (None where the platform cannot fork, or the fork fails)."""
        if not hasattr(os, "fork"):
            return None
        stories_in, stories_out = os.pipe()
        findings_in, findings_out = os.pipe()
        progress = _Progress()
        try:
            pid = os.fork()
        except OSError:
            logger.warning("Could not start the checks worker; the import checks itself.")
            for fd in (stories_in, stories_out, findings_in, findings_out):
                os.close(fd)
            return None
        if pid == 0:  # the child
            _serve(stories_in, findings_out, progress)  # never returns
        os.close(stories_in)
        os.close(findings_out)
        return cls(pid, stories_out, findings_in, progress)

    def check(self, stories: Iterable[Story], known: PassageScores | None = None) -> list[str]:
        """Send `stories` (best made one by one, as sent) to be checked; their digests.

        Sent pickled, a batch at a time, and read by the child as fast as they come (it
        unpickles one batch at a time as it checks): the sender never waits for the
        checks, and neither process holds every story as objects.
        """
        digests, batch = [], []
        try:
            with self.to_child as pipe:
                pickle.dump(known, pipe, pickle.HIGHEST_PROTOCOL)
                for story in stories:
                    digests.append(story.digest())
                    batch.append(story)
                    if len(batch) == BATCH:
                        pickle.dump(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL), pipe)
                        batch = []
                if batch:
                    pickle.dump(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL), pipe)
                pickle.dump(None, pipe)
        except OSError:  # the child is gone: results() says so
            pass
        self.sent = len(digests)
        return digests

    def share(self) -> int:
        """How many of the stories sent the worker checks, now that the caller is free too.

        The worker finishes the story it is on and half of those it has not reached
        (should it have just moved on to the next one, it checks that one too, for
        nothing); the caller checks the others (from the index returned on) meanwhile.
        """
        done = self.progress.done
        keep = min(self.sent, done + 1 + (self.sent - done - 1) // 2)
        self.progress.limit = keep
        return keep

    def results(self) -> list[list[FindingData]] | None:
        """The findings of the stories sent, in order (of the first `share()` of them at
        least, if it was called); None if the worker failed or stopped."""
        if not self.running:
            return None
        deadline = TIMEOUT + TIMEOUT_PER_STORY * self.sent
        if not select.select([self.from_child], [], [], deadline)[0]:
            logger.warning(
                "The checks worker took over %.0f s; the import checks itself.", deadline
            )
            self.stop()
            return None
        try:
            with self.from_child:
                ok, payload = pickle.load(self.from_child)
        except Exception as exc:  # whatever it is, the caller checks the stories itself
            ok, payload = False, f"{exc.__class__.__name__}: {exc}"
        self._reap()  # it exits as soon as it has sent them
        if not ok:
            logger.warning("The checks worker failed; the import checks itself.\n%s", payload)
            return None
        return payload

    def stop(self) -> None:
        """End the worker without its results (too few stories, or the caller failed)."""
        if not self.running:
            return
        os.kill(self.pid, signal.SIGKILL)
        self._reap()
        self.to_child.close()
        self.from_child.close()

    def _reap(self) -> None:
        self.running = False
        with contextlib.suppress(ChildProcessError):  # already reaped
            os.waitpid(self.pid, 0)


_NO_LIMIT = 2**62  # more stories than any import sends


def _counter(offset: int) -> property:
    """A 64-bit integer at `offset` in the shared memory."""
    return property(
        lambda self: struct.unpack_from("q", self._memory, offset)[0],
        lambda self, value: struct.pack_into("q", self._memory, offset, value),
    )


class _Progress:
    """How many stories the worker has checked (`done`), and how many it may (`limit`).

    Kept in an anonymous shared mapping made before the fork, so each process reads
    what the other writes; each counter has one writer.
    """

    done = _counter(0)
    limit = _counter(8)

    def __init__(self) -> None:
        self._memory = mmap.mmap(-1, 16)
        self.limit = _NO_LIMIT


def _serve(stories_in: int, findings_out: int, progress: _Progress) -> None:
    """The child: read every batch, check them one by one until told to stop (`limit`),
    send the findings, exit."""
    try:
        os.closerange(3, min(stories_in, findings_out))
        os.closerange(min(stories_in, findings_out) + 1, max(stories_in, findings_out))
        os.closerange(max(stories_in, findings_out) + 1, os.sysconf("SC_OPEN_MAX"))
        language.PARALLEL = False
        with os.fdopen(stories_in, "rb") as pipe:
            known = pickle.load(pipe)
            batches = list(iter(lambda: pickle.load(pipe), None))
        findings: list[list[FindingData]] = []
        for index, pickled in enumerate(batches):
            batches[index] = None  # each batch's bytes go once its stories are made
            if len(findings) >= progress.limit:
                break
            batch = pickle.loads(pickled)
            del pickled
            untranslated.prepare(batch, known)
            for story in batch:
                if len(findings) >= progress.limit:
                    break
                findings.append(run_checks(story))
                progress.done = len(findings)
        result = (True, findings)
    except BaseException:  # reported to the parent, which then checks the stories itself
        result = (False, traceback.format_exc())
    try:
        with os.fdopen(findings_out, "wb") as pipe:
            pickle.dump(result, pipe, pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)
