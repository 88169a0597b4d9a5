"""What an upload must be before it is stored: the type recognised from the content (magic
bytes, then parsed by the library that knows the format), images re-encoded without their
metadata, and, when configured, scanned by ClamAV. Every refusal is a ``ValidationError`` with
a message for the upload field; nothing is stored.

- **PDF** (pypdf): must parse, must not be encrypted, and must contain no JavaScript, launch,
  import or submit actions, embedded files or XFA forms (the whole object graph is walked, so
  names hidden in object streams or written with ``#`` escapes are found too).
- **JPEG, PNG** (Pillow): ``verify()``, no decompression bomb, then re-encoded from the pixels
  (orientation applied), so EXIF, GPS positions, comments and anything appended are gone.
- **DOCX** (zipfile): a ZIP from its first byte with ``[Content_Types].xml`` naming a Word
  document; macro-enabled documents (``vbaProject.bin``, a ``macroEnabled`` type) and archives
  that unpack to more than ``DOCX_MAX_UNPACKED`` are refused.
- **Polyglots**: a file must start with the signature of its type, and a PDF that is also a
  ZIP archive is refused; images are rebuilt from their pixels.
- The name's extension, when it is one of the accepted ones, must match the content.
"""

import hashlib
import io
import os
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from lotse.documents import clamd
from lotse.documents.models import FileType

DOCX_MAX_UNPACKED = 200 * 1024 * 1024
PDF_MAX_OBJECTS = 50_000

_SIGNATURES = (
    (b"%PDF-", FileType.PDF),
    (b"\xff\xd8\xff", FileType.JPEG),
    (b"\x89PNG\r\n\x1a\n", FileType.PNG),
    (b"PK\x03\x04", FileType.DOCX),
)
EXTENSIONS = {
    FileType.PDF: ".pdf",
    FileType.JPEG: ".jpg",
    FileType.PNG: ".png",
    FileType.DOCX: ".docx",
}
_NAME_EXTENSIONS = {".pdf": FileType.PDF, ".jpg": FileType.JPEG, ".jpeg": FileType.JPEG}
_NAME_EXTENSIONS |= {".png": FileType.PNG, ".docx": FileType.DOCX}

_PDF_BAD_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia"}
_PDF_BAD_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/RichMediaExecute",
}
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check: the bytes to store (re-encoded for images)."""

    content: bytes
    content_type: FileType
    original_name: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def max_bytes() -> int:
    return settings.LOTSE_DOCUMENT_MAX_MB * 1024 * 1024


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The upload as it may be stored, or a ``ValidationError`` saying what is wrong."""
    limit = max_bytes()
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)d MB. Please upload a smaller file.")
            % {"mb": settings.LOTSE_DOCUMENT_MAX_MB},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(mb)d MB. Please upload a smaller file.")
            % {"mb": settings.LOTSE_DOCUMENT_MAX_MB},
            code="too_large",
        )
    file_type = sniff(data)
    name = clean_name(upload.name or "")
    claimed = _NAME_EXTENSIONS.get(os.path.splitext(name)[1].lower())
    if claimed is not None and claimed != file_type:
        raise ValidationError(
            _(
                "The file's name ends in %(extension)s, but its content is a %(type)s file. "
                "Please check that you chose the right file."
            )
            % {"extension": os.path.splitext(name)[1], "type": file_type.label},
            code="extension",
        )
    clamd.scan(data)
    content = _CHECKS[file_type](data)
    stem = os.path.splitext(name)[0] or "document"
    return CheckedFile(content, file_type, f"{stem}{EXTENSIONS[file_type]}")


def sniff(data: bytes) -> FileType:
    for signature, file_type in _SIGNATURES:
        if data.startswith(signature):
            return file_type
    raise ValidationError(
        _(
            "This file is not a PDF, JPEG, PNG or Word (DOCX) document. Lotse recognises the "
            "type from the content, not from the name."
        ),
        code="type",
    )


_UNSAFE_NAME = re.compile(r"[^\w .()+,-]+")


def clean_name(name: str) -> str:
    """The file name as shown and offered on download: its last path part, NFC, without
    control characters or characters that could end a header, at most 200 characters."""
    name = unicodedata.normalize("NFC", os.path.basename(name.replace("\\", "/")))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    stem, extension = os.path.splitext(name)
    return f"{stem[: 190 - len(extension[:10])]}{extension[:10]}" or "document"


# --- the formats ---------------------------------------------------------------------------


def _damaged(kind: str) -> ValidationError:
    return ValidationError(
        _("The %(type)s file is damaged and cannot be read.") % {"type": kind}, code="damaged"
    )


def _check_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if zipfile.is_zipfile(io.BytesIO(data)):
        raise _polyglot()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _(
                        "The PDF is encrypted or protected by a password. Please upload it "
                        "without the protection (for example printed again as PDF)."
                    ),
                    code="encrypted",
                )
            if len(reader.pages) < 1:
                raise _damaged("PDF")
            _check_pdf_objects(reader.trailer)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise _damaged("PDF") from None
    return data


def _check_pdf_objects(root: Any) -> None:
    """Walk every dictionary and array reachable from the trailer (streams' dictionaries
    included, their content not) and refuse active content."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [root]
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise _damaged("PDF")
        if isinstance(obj, DictionaryObject):
            if set(obj.keys()) & _PDF_BAD_KEYS or str(obj.get("/S", "")) in _PDF_BAD_ACTIONS:
                raise ValidationError(
                    _(
                        "The PDF contains scripts, embedded files or actions that start "
                        "programs. Please upload a plain PDF (for example printed again as PDF)."
                    ),
                    code="active_content",
                )
            stack.extend(value for name, value in obj.items() if name != "/Parent")
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


def _polyglot() -> ValidationError:
    return ValidationError(
        _("The file is two kinds of file at once and is refused for safety."), code="polyglot"
    )


def _check_image(data: bytes, file_type: FileType) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    label = file_type.label
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.get_format_mimetype() != file_type.value:
                    raise _damaged(label)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                out = io.BytesIO()
                if file_type == FileType.JPEG:
                    if image.mode not in ("RGB", "L"):
                        image = image.convert("RGB")
                    clean = Image.frombytes(image.mode, image.size, image.tobytes())
                    clean.save(out, format="JPEG", quality=90, optimize=True)
                else:
                    if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
                        image = image.convert("RGBA")
                    clean = Image.frombytes(image.mode, image.size, image.tobytes())
                    if image.mode == "P":
                        clean.putpalette(image.getpalette())
                        if "transparency" in image.info:
                            clean.info["transparency"] = image.info["transparency"]
                    clean.save(out, format="PNG")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels. Please upload a smaller image."), code="too_large"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, TypeError, EOFError):
        raise _damaged(label) from None
    return out.getvalue()


def _check_docx(data: bytes) -> bytes:
    if b"%PDF-" in data[:1024]:
        raise _polyglot()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > DOCX_MAX_UNPACKED:
                raise _damaged("DOCX")
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise _not_word()
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise _macros()
            types = archive.read("[Content_Types].xml")
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged("DOCX") from None
    if b"macroenabled" in types.lower():
        raise _macros()
    try:
        tree = ElementTree.fromstring(types)  # noqa: S314
    except ElementTree.ParseError:
        raise _damaged("DOCX") from None
    overrides = {
        element.get("PartName"): element.get("ContentType")
        for element in tree
        if element.tag.endswith("}Override")
    }
    if overrides.get("/word/document.xml") != _DOCX_MAIN:
        raise _not_word()
    return data


def _not_word() -> ValidationError:
    return ValidationError(_("The ZIP archive is not a Word (DOCX) document."), code="type")


def _macros() -> ValidationError:
    return ValidationError(
        _("Word documents with macros are not accepted. Please save it as a plain DOCX."),
        code="macros",
    )


_CHECKS = {
    FileType.PDF: _check_pdf,
    FileType.JPEG: lambda data: _check_image(data, FileType.JPEG),
    FileType.PNG: lambda data: _check_image(data, FileType.PNG),
    FileType.DOCX: _check_docx,
}
