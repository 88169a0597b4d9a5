"""The CV as paper: PDF (WeasyPrint through ``lotse.lib.paper``) and Word (docxtpl over the
committed template ``templates_docx/lebenslauf.docx``, built by
``scripts/build_cv_template.py``). Both show the same ``content.Cv``."""

import base64
from pathlib import Path

from django.utils.text import slugify

from lotse.cv.content import LANGUAGE, Cv
from lotse.lib import paper

TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "lebenslauf.docx"
STYLESHEET = "cv/cv.css"
#: The photo's width on paper.
PHOTO_WIDTH_CM = 3.5


def filename(cv: Cv, extension: str) -> str:
    name = slugify(cv.name)
    return f"Lebenslauf-{name}.{extension}" if name else f"Lebenslauf.{extension}"


def pdf(cv: Cv) -> bytes:
    photo_uri = ""
    if cv.photo:
        encoded = base64.b64encode(cv.photo.content).decode("ascii")
        photo_uri = f"data:{cv.photo.content_type};base64,{encoded}"
    return paper.pdf_from_template(
        "cv/cv_paper.html",
        {"cv": cv, "photo_uri": photo_uri},
        language=LANGUAGE,
        stylesheets=(STYLESHEET,),
    )


def docx(cv: Cv) -> bytes:
    images = {"photo": (cv.photo.content, PHOTO_WIDTH_CM)} if cv.photo else {}
    return paper.docx_from_template(TEMPLATE, {**cv.as_context(), "photo": ""}, images=images)
