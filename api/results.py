"""The result of a dossier (giấy khai sinh, giấy chứng nhận kết hôn, xác nhận cư trú…) scanned at the counter:
read and classified like its papers, never counted as one of them; once read, the result is digitized."""

from fastapi import APIRouter, File, Request, UploadFile

from api.deps import Bearer, RowId
from api.schemas import UploadOut
from api.uploads import Filing, file_in

router = APIRouter()


@router.post("/dossiers/{dossier_id}/result", status_code=202, response_model=UploadOut)
async def upload_result(request: Request, dossier_id: RowId, authorization: Bearer = None,
                        files: list[UploadFile] = File(...)) -> UploadOut:
    return await file_in(request, dossier_id, authorization, files, Filing(role="result"))
