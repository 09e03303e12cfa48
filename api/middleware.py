"""What wraps every route: request bodies cut at their limit while they stream in, and every refusal in one
shape, `{"error": {"code", "vi", "en", "message"}}`."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import errors
from api.limits import MULTIPART_SLACK, BodyLimit, is_multipart
from core.errors import Rejected
from core.settings import Settings

MAX_JSON_BODY = 1024 * 1024  # every request but a file upload is a small JSON body or none
HTTP_REASONS = {
    400: ("Dữ liệu gửi lên không đọc được", "the request body could not be parsed"),
    404: ("Không có địa chỉ này", "no such path"),
    405: ("Địa chỉ này không nhận phương thức đó", "method not allowed on this path"),
}


def install(app: FastAPI, settings: Settings) -> None:
    # A file upload (all its files) is cut at the per-file limit, so nothing larger is ever read in.
    upload_cap = settings.max_upload_bytes + MULTIPART_SLACK
    app.add_middleware(BodyLimit, limit_for=lambda scope: upload_cap if is_multipart(scope) else MAX_JSON_BODY)
    app.add_exception_handler(Rejected, rejected)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    errors.install(app)  # outages of the database, Redis and S3 answer 503 in the same shape


async def rejected(_: Request, exc: Rejected) -> JSONResponse:
    return errors.answer(exc)


async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Framework refusals (unparsable body, unknown path, wrong method) in the same shape as ours."""
    vi, en = HTTP_REASONS.get(exc.status_code, ("Yêu cầu không hợp lệ", str(exc.detail)))
    body = Rejected(f"http_{exc.status_code}", vi, en, status=exc.status_code).as_dict()
    return JSONResponse(status_code=exc.status_code, content={"error": body}, headers=exc.headers)


async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
    body = Rejected("invalid_request", "Dữ liệu gửi lên không hợp lệ", "invalid request").as_dict()
    body["details"] = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
                       for e in exc.errors()]
    return JSONResponse(status_code=422, content={"error": body})
