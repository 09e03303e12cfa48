"""What a failed job leaves on its attachment: a stable code and the reason in Vietnamese and English, never
the exception's own text (a database error quotes the row it could not store: OCR text, names, ID numbers).
The exception itself goes to the log only, ID numbers masked."""

from __future__ import annotations

from dataclasses import dataclass

from minio.error import MinioException
from rq.exceptions import AbandonedJobError
from rq.timeouts import JobTimeoutException
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from urllib3.exceptions import HTTPError

from core.privacy import mask_ids
from ocr.errors import OcrError
from storage.objects import ObjectNotFound


@dataclass(frozen=True)
class Failure:
    code: str
    vi: str
    en: str

    def stored(self) -> str:
        """The text kept in `attachments.error`, in the shape of an OcrError's (masked like every stored text)."""
        return mask_ids(f"{self.code}: {self.vi} / {self.en}")


INTERNAL = Failure("internal_error", "Lỗi nội bộ khi xử lý tệp", "internal error while processing the file")
# Most specific first: the first class the exception is an instance of names it.
KNOWN: list[tuple[type[BaseException], Failure]] = [
    (JobTimeoutException, Failure("timeout", "Xử lý tệp quá thời gian cho phép", "processing took too long")),
    (AbandonedJobError, Failure("worker_lost", "Tiến trình xử lý dừng giữa chừng",
                                "the worker stopped while processing the file")),
    ((OperationalError, InterfaceError), Failure("database_unavailable", "Cơ sở dữ liệu tạm thời không truy cập được",
                                                 "the database was unavailable")),
    (SQLAlchemyError, Failure("db_commit_failed", "Không lưu được kết quả vào cơ sở dữ liệu",
                              "the result could not be saved in the database")),
    (ObjectNotFound, Failure("original_missing", "Không tìm thấy tệp gốc trong kho lưu trữ",
                             "the original is missing from the object store")),
    (LookupError, Failure("attachment_missing", "Tệp đính kèm không còn trong cơ sở dữ liệu",
                          "the attachment no longer exists")),
    ((OSError, MinioException, HTTPError), Failure("storage_unavailable", "Kho lưu trữ tạm thời không truy cập được",
                                         "the object store was unavailable")),
    (MemoryError, Failure("out_of_memory", "Không đủ bộ nhớ để xử lý tệp", "not enough memory for the file")),
]


def describe(error: BaseException | None) -> Failure:
    if isinstance(error, OcrError):  # ours, but the English may go on to quote a library ("corrupt: <why>")
        return Failure(error.code, error.vi.split(": ")[0], error.en.split(": ")[0])
    for kinds, failure in KNOWN:
        if isinstance(error, kinds):
            return failure
    return INTERNAL


def read_stored(stored: str | None) -> Failure | None:
    """The failure an attachment keeps (`Failure.stored`'s "code: vi / en"), read back for people; a text in
    another shape (kept before codes existed) reads as an internal error."""
    if not stored:
        return None
    code, sep, reasons = stored.partition(": ")
    vi, slash, en = reasons.partition(" / ")
    if not sep or not slash or not code.isidentifier():
        return INTERNAL
    return Failure(code, vi, en)
