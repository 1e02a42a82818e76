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

The child never touches a database connection and leaves with `os._exit`,
so nothing the parent holds (its connection, the SQLite file, pytest's state)
is closed or flushed twice. Whatever goes wrong in it, `results()` returns
None and the caller checks the stories itself.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Iterable

from articles.checks import untranslated
from articles.checks.base import FindingData, Story
from articles.checks.engine import run_checks
from articles.importing.language import PassageScores

#: Fewer stories than this are best checked by the caller: a worker costs more than it saves.
MIN_STORIES = 20
#: Stories sent, and checked, together (their passages looked up in lingua's scores at once).
BATCH = 100


class CheckWorker:
    """A child process that waits for stories, checks them and sends back the findings."""

    def __init__(self, pid: int, to_child: int, from_child: int):
        self.pid = pid
        self.to_child, self.from_child = os.fdopen(to_child, "wb"), os.fdopen(from_child, "rb")
        self.running = True

    @classmethod
    def fork(cls) -> CheckWorker | None:
        """Start a worker (None where the platform cannot fork)."""
        if not hasattr(os, "fork"):
            return None
        stories_in, stories_out = os.pipe()
        findings_in, findings_out = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(stories_out)
            os.close(findings_in)
            _serve(stories_in, findings_out)  # never returns
        os.close(stories_in)
        os.close(findings_out)
        return cls(pid, stories_out, findings_in)

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
        except OSError:  # the child is gone: the caller checks the stories itself
            self.stop()
        return digests

    def results(self) -> list[list[FindingData]] | None:
        """The findings of each story sent, in order; None if the worker failed or stopped."""
        if not self.running:
            return None
        try:
            with self.from_child:
                findings = pickle.load(self.from_child)
        except (EOFError, OSError, pickle.UnpicklingError):
            findings = None
        _pid, status = os.waitpid(self.pid, 0)
        self.running = False
        return findings if status == 0 else None

    def stop(self) -> None:
        """End the worker without its results (too few stories, or the caller failed)."""
        if not self.running:
            return
        self.running = False
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.to_child.close()
        self.from_child.close()


def _serve(stories_in: int, findings_out: int) -> None:
    status = 1
    try:
        with os.fdopen(stories_in, "rb") as pipe:
            known = pickle.load(pipe)
            batches = list(iter(lambda: pickle.load(pipe), None))
        findings = []
        for index, pickled in enumerate(batches):
            batches[index] = None  # each batch's bytes go once its stories are made
            batch = pickle.loads(pickled)
            del pickled
            untranslated.prepare(batch, known)
            findings.extend(run_checks(story) for story in batch)
        with os.fdopen(findings_out, "wb") as pipe:
            pickle.dump(findings, pipe, pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)
