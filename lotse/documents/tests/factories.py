import hashlib
import io
import uuid

import factory
from django.core.files.base import ContentFile

from lotse.cases.tests.factories import MenteeFactory
from lotse.documents.models import Document, DocumentKind, FileType, document_storage


def png_bytes(size: tuple[int, int] = (4, 3), exif: bytes | None = None, fmt: str = "PNG") -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def _stored(document: Document) -> str:
    content = png_bytes()
    return document_storage().save(f"{uuid.uuid4().hex}.png", ContentFile(content))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    mentee = factory.SubFactory(MenteeFactory)
    kind = DocumentKind.CERTIFICATE
    title = "Zeugnis"
    file = factory.LazyAttribute(_stored)
    original_name = "zeugnis.png"
    content_type = FileType.PNG
    size = factory.LazyAttribute(lambda d: document_storage().size(d.file))
    sha256 = factory.LazyAttribute(lambda d: hashlib.sha256(png_bytes()).hexdigest())
