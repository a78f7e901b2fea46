"""Database work done on a second thread while the caller prepares the next piece: on two cores, Python runs on one
while PostgreSQL works on the other. A digest run saves its chunks this way, and runs its searches' SQL.

The thread has a database connection of its own, so it sees only what is committed: where the caller is inside a
transaction (instant alerts, most tests) or on SQLite, the jobs run inline, in the caller's thread and transaction.
"""

import queue
import sys
import threading

from django.db import connection

SWITCH_INTERVAL = 0.001


class Background:
    """Runs jobs in the order given, on a thread of its own when it can (`threaded=False`: inline always);
    `results` holds what each returned, in order. At most `ahead` jobs wait for the thread: the caller waits beyond
    that, so memory stays bounded. The first error stops the jobs after it and is raised when the block ends; an
    error in the block stops those not yet begun."""

    def __init__(self, *, ahead: int = 2, threaded: bool = True):
        self.results: list = []
        self.error: BaseException | None = None
        self.threaded = threaded and connection.vendor == "postgresql" and not connection.in_atomic_block
        if self.threaded:
            # The thread needs the interpreter for a moment each time the database answers: hand it over sooner than
            # the default 5 ms while both run (the process's setting, put back at the end).
            self.switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_INTERVAL)
            self.jobs: queue.Queue = queue.Queue(maxsize=ahead)
            self.thread = threading.Thread(target=self._work, name="matching-background", daemon=True)
            self.thread.start()

    def submit(self, job) -> None:
        if not self.threaded:
            self.results.append(job())
            return
        if self.error is not None:
            raise self.error
        self.jobs.put(job)

    def _work(self) -> None:
        try:
            while (job := self.jobs.get()) is not None:
                if self.error is None:
                    try:
                        self.results.append(job())
                    except BaseException as error:  # noqa: BLE001 - raised in the caller's thread
                        self.error = error
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if self.threaded:
            if error is not None and self.error is None:
                self.error = error  # the caller failed: the jobs still waiting are not run
            self.jobs.put(None)
            self.thread.join()
            sys.setswitchinterval(self.switch_interval)
        if error is None and self.error is not None:
            raise self.error
