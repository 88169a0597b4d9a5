"""Benchmark of the upload checks (``lotse/documents/files.py``). Run:
``.venv/bin/python benchmarks/documents.py``.

For each kind of file near the upload limit (a 9 MB PDF of 200 pages, a 12-megapixel JPEG photo
with EXIF, a 2,000 × 2,000 PNG scan, a 5 MB DOCX) it measures the median CPU time of the whole
check (recognition, parsing, re-encoding) over 5 runs, against a baseline measured in the same
run: SHA-256 of the same bytes (what storing the file costs at least). Prints figures; asserts
nothing.
"""

import io
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_TESTING", "1")

import django

django.setup()

import hashlib  # noqa: E402

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402
from pypdf import PdfWriter  # noqa: E402

from lotse.documents.files import check_upload  # noqa: E402

RUNS = 5


def pdf(pages: int = 200) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue() + b"%" + os.urandom(9 * 1024 * 1024 - out.tell())


def jpeg() -> bytes:
    image = Image.effect_noise((4000, 3000), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, exif=exif.tobytes())
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((2000, 2000), 40).convert("RGB").save(out, format="PNG")
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/image1.bin", os.urandom(5 * 1024 * 1024))
    return out.getvalue()


def median_cpu(work, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def main() -> None:
    print(f"{'file':<28}{'size':>10}{'check (ms)':>12}{'sha256 (ms)':>13}{'ratio':>8}")
    for label, name, content in [
        ("PDF, 200 pages", "a.pdf", pdf()),
        ("JPEG 12 MP with EXIF", "a.jpg", jpeg()),
        ("PNG 2000×2000", "a.png", png()),
        ("DOCX with 5 MB image", "a.docx", docx()),
    ]:
        check = median_cpu(lambda: check_upload(SimpleUploadedFile(name, content)))  # noqa: B023
        base = median_cpu(lambda: hashlib.sha256(content).hexdigest())  # noqa: B023
        size = f"{len(content) / 1024 / 1024:.1f} MB"
        ratio = f"{check / base:.0f}×" if base else "–"
        print(f"{label:<28}{size:>10}{check * 1000:>12.1f}{base * 1000:>13.1f}{ratio:>8}")


if __name__ == "__main__":
    main()
