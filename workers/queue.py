"""The RQ queue: real Redis when REDIS_URL is set, otherwise in-process (RQ's synchronous mode)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import fakeredis
from redis import Redis
from rq import Callback, Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.timeouts import TimerDeathPenalty, UnixSignalDeathPenalty

if TYPE_CHECKING:
    from core.settings import Settings

ACTIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def connect(redis_url: str | None, timeout: float | None = None) -> Redis:
    """`timeout`: seconds to connect and to wait for each answer (an RQ worker raises the latter above its
    blocking dequeue). Synchronous RQ still records jobs in a Redis; an in-memory one keeps the embedded mode
    serverless."""
    if not redis_url:
        return fakeredis.FakeRedis()
    return Redis.from_url(redis_url, socket_timeout=timeout, socket_connect_timeout=timeout)


def make_queue(settings: Settings, connection: Redis) -> Queue:
    # In-process jobs run in a request's thread, where RQ's SIGALRM time limit on callbacks cannot be set.
    in_process = settings.redis_url is None
    return Queue(settings.queue_name, connection=connection, is_async=not in_process,
                 default_timeout=settings.job_timeout,
                 death_penalty_class=TimerDeathPenalty if in_process else UnixSignalDeathPenalty)


JOB_PREFIX = "attachment-"


def attachment_job_id(attachment_id: int) -> str:
    return f"{JOB_PREFIX}{attachment_id}"


def job_attachment_id(job_id: str) -> int | None:
    """The attachment a job id names, or None for any other string."""
    number = job_id.removeprefix(JOB_PREFIX)
    return int(number) if number != job_id and number.isascii() and number.isdigit() and len(number) < 10 else None


def live_job(queue: Queue, job_id: str | None) -> Job | None:
    """The job if Redis holds it queued, running, scheduled or deferred (one fetch)."""
    if not job_id:
        return None
    try:
        job = Job.fetch(job_id, connection=queue.connection)
    except NoSuchJobError:
        return None
    return job if job.get_status(refresh=False) in ACTIVE else None


def enqueue_attachment(queue: Queue, attachment_id: int, settings: Settings, *, fresh: bool = False) -> Job:
    """Deterministic job id: re-enqueueing an attachment whose job is still live returns that job.
    `fresh`: the attachment was just recorded, so no job of it can exist yet (saves a Redis round trip)."""
    job_id = attachment_job_id(attachment_id)
    if not fresh and (job := live_job(queue, job_id)) is not None:
        return job
    # One MULTI/EXEC for the whole enqueue (RQ sends two without a pipeline); in-process jobs run at once.
    pipe = queue.connection.pipeline() if queue.is_async else None
    job = queue.enqueue(
        "workers.jobs.process_attachment",
        attachment_id,
        job_id=job_id,
        job_timeout=settings.job_timeout,
        retry=Retry(max=settings.job_retries, interval=settings.retry_intervals) if settings.job_retries else None,
        failure_ttl=30 * 24 * 3600,  # failed jobs stay visible with their reason
        result_ttl=24 * 3600,
        on_failure=Callback("workers.jobs.on_job_failure"),
        description=f"OCR + extraction of attachment {attachment_id}",
        pipeline=pipe,
    )
    if pipe is not None:
        pipe.execute()
    return job


def enqueue_copy(queue: Queue, attachment_id: int, settings: Settings) -> Job:
    """The digitized copy made and signed again where the unit's key is (a worker); one live job per copy."""
    job_id = f"copy-{attachment_id}"
    if (job := live_job(queue, job_id)) is not None:
        return job
    return queue.enqueue("workers.jobs.remake_copy", attachment_id, job_id=job_id, job_timeout=settings.job_timeout,
                         retry=Retry(max=settings.job_retries, interval=settings.retry_intervals)
                         if settings.job_retries else None,
                         failure_ttl=30 * 24 * 3600, result_ttl=24 * 3600,
                         description=f"signed copy of attachment {attachment_id} made again")


def job_state(queue: Queue, job_id: str) -> dict | None:
    try:
        job = Job.fetch(job_id, connection=queue.connection)
    except NoSuchJobError:
        return None
    status = job.get_status()
    return {
        "id": job.id,
        "status": str(status.value if status else "unknown"),
        "enqueued_at": job.enqueued_at.isoformat() if job.enqueued_at else None,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "ended_at": job.ended_at.isoformat() if job.ended_at else None,
        "retries_left": job.retries_left,
        # The exception's class only: its text may quote the data it failed on (the attachment's error says why).
        "error": (job.latest_result().exc_string.strip().splitlines()[-1].split(":", 1)[0]
                  if status == JobStatus.FAILED and job.latest_result() and job.latest_result().exc_string
                  else None),
    }
