"""Outages answer in the error shape: a dependency that is down or does not answer in time is a 503 with
its reason in Vietnamese and English, any other failure a 500 without details; never a plain-text page."""

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from core.errors import Rejected
from storage.objects import StorageUnavailable

log = logging.getLogger(__name__)
RETRY_AFTER = {"Retry-After": "10"}


def answer(reason: Rejected) -> JSONResponse:
    """A refusal in the error shape; a 503 says when to try again."""
    headers = reason.headers or (RETRY_AFTER if reason.status == 503 else None)
    return JSONResponse(status_code=reason.status, content={"error": reason.as_dict()}, headers=headers)


def database_unavailable() -> Rejected:
    return Rejected("database_unavailable", "Cơ sở dữ liệu tạm thời không truy cập được, thử lại sau",
                    "the database is temporarily unavailable; retry later", status=503)


def queue_unavailable() -> Rejected:
    return Rejected("queue_unavailable", "Hàng đợi xử lý tạm thời không truy cập được, thử lại sau",
                    "the job queue is temporarily unavailable; retry later", status=503)


def storage_unavailable() -> Rejected:
    return Rejected("storage_unavailable", "Kho lưu trữ tạm thời không truy cập được, hãy thử lại",
                    "object storage is temporarily unavailable; retry", status=503)


async def _database(_: Request, exc: Exception) -> JSONResponse:
    # Any other DBAPI error is a bug, not an outage, unless the driver says the connection went away: it
    # goes on to the 500 answer, logged with its traceback.
    if isinstance(exc, DBAPIError) and not isinstance(exc, OperationalError) and not exc.connection_invalidated:
        raise exc
    log.warning("database unavailable: %s", type(exc).__name__)  # the statement's parameters stay out of logs
    return answer(database_unavailable())


async def _queue(_: Request, exc: Exception) -> JSONResponse:
    log.warning("queue unavailable: %s", exc)
    return answer(queue_unavailable())


async def _storage(_: Request, exc: Exception) -> JSONResponse:
    log.warning("object store unavailable: %s", exc)
    return answer(storage_unavailable())


async def _internal(_: Request, exc: Exception) -> JSONResponse:
    # Starlette logs the traceback and re-raises after this answer is sent; the answer names no detail.
    return JSONResponse(status_code=500, content={"error": Rejected(
        "internal_error", "Lỗi hệ thống, đã ghi lại; hãy thử lại sau",
        "internal error, logged; retry later", status=500).as_dict()})


def install(app: FastAPI) -> None:
    app.add_exception_handler(DBAPIError, _database)
    app.add_exception_handler(PoolTimeout, _database)
    app.add_exception_handler(RedisError, _queue)
    app.add_exception_handler(StorageUnavailable, _storage)
    app.add_exception_handler(Exception, _internal)
