"""CVs: what a file really is (from its bytes, never its name) and handing one back to someone allowed to see it.

Views decide who may download; this module only reads the file. CVs live in the private storage
(settings.STORAGES["private"]), which has no URL: the only way to a CV is through a view that checks.
"""

import zipfile

from django.http import FileResponse

from .models import CvType

CONTENT_TYPES = {
    CvType.PDF: "application/pdf",
    CvType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    CvType.DOC: "application/msword",
}
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # as a stream's name is written in an OLE2 directory


def cv_type_of(upload) -> CvType | None:
    """PDF, Word (.docx) or Word 97-2003 (.doc) judged from the content, or None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return CvType.PDF
        if head == _OLE2:
            # Excel, Outlook and installer files are OLE2 too: a Word document has a "WordDocument" stream.
            return CvType.DOC if _WORD_STREAM in upload.read() else None
        if head.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
            is_word = "word/document.xml" in names and "[Content_Types].xml" in names
            # A .docx with macros is a .docm in disguise: refused, as a council should never pass macros on.
            return CvType.DOCX if is_word and "word/vbaProject.bin" not in names else None
        return None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def cv_download(application) -> FileResponse:
    """The application's CV as a download (never shown inline, never cached by a shared cache)."""
    response = FileResponse(
        application.cv.open("rb"),
        as_attachment=True,
        filename=application.cv_name or f"cv.{application.cv_type}",
        content_type=CONTENT_TYPES.get(application.cv_type, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
