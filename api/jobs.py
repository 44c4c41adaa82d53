"""Builds as background jobs: one at a time, each in its own thread and connection, with
progress a client can poll."""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphmap.build import build
from graphmap.errors import GraphmapError
from graphmap.store import Workspace

log = logging.getLogger("graphmap.api")

#: Finished jobs kept for status queries; older ones are forgotten.
KEEP_JOBS = 50


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class BuildJob:
    id: str
    status: str = "queued"  # queued | running | succeeded | failed
    stage: str = ""
    done: int = 0
    total: int = 0
    created_at: str = field(default_factory=_now)
    started_at: str | None = None
    finished_at: str | None = None
    report: dict[str, Any] | None = None
    error: dict[str, str] | None = None


class BuildRunning(Exception):
    """A build is already running; ``job_id`` names it."""

    def __init__(self, job_id: str) -> None:
        super().__init__(job_id)
        self.job_id = job_id


class BuildJobs:
    """Start builds of one workspace in the background and report their progress."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._jobs: OrderedDict[str, BuildJob] = OrderedDict()
        self._lock = threading.Lock()
        self._threads: dict[str, threading.Thread] = {}

    def start(self) -> BuildJob:
        with self._lock:
            for job in self._jobs.values():
                if job.status in ("queued", "running"):
                    raise BuildRunning(job.id)
            job = BuildJob(id=uuid.uuid4().hex)
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
            thread = threading.Thread(
                target=self._run, args=(job,), name=f"build-{job.id[:8]}", daemon=True
            )
            self._threads = {job.id: thread}
        thread.start()
        return self.snapshot(job.id) or job

    def _run(self, job: BuildJob) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            with self._lock:
                job.stage, job.done, job.total = stage, done, total

        with self._lock:
            job.status, job.started_at = "running", _now()
        try:
            with Workspace.open(self.root) as ws:
                report = build(ws, progress=progress)
            outcome: dict[str, Any] = {"status": "succeeded", "report": asdict(report)}
        except GraphmapError as exc:
            outcome = {"status": "failed", "error": {"detail": exc.message, "fix": exc.fix}}
        except Exception:
            log.exception("build job %s failed", job.id)
            outcome = {
                "status": "failed",
                "error": {"detail": "the build failed unexpectedly",
                          "fix": "the server log has the details"},
            }
        with self._lock:
            job.status = outcome["status"]
            job.report = outcome.get("report")
            job.error = outcome.get("error")
            job.finished_at = _now()

    def snapshot(self, job_id: str) -> BuildJob | None:
        """A consistent copy of one job's state (``None`` when unknown)."""
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else BuildJob(**asdict(job))

    def all(self) -> list[BuildJob]:
        with self._lock:
            return [BuildJob(**asdict(job)) for job in reversed(self._jobs.values())]

    def wait(self, job_id: str, timeout: float | None = None) -> None:
        """Block until the job's thread ends (for shutdown and tests)."""
        thread = self._threads.get(job_id)
        if thread is not None:
            thread.join(timeout)
