"""Benchmark of making a letter (``lotse/letters``).

Run: ``.venv/bin/python benchmarks/letters.py``.

Median CPU time over 5 runs of the PDF (WeasyPrint) and the DOCX (docxtpl) of the integration
agreement with its steps (the longest letter) in German alone, with English and with Persian
(right to left, shaped by HarfBuzz through Pango), against a baseline measured in the same run:
the PDF of a one-line German page through the same ``lotse.lib.paper`` (what any PDF costs at
least). Uses the programme's texts from ``lotse/letters/data/templates.json`` in memory, no
database. Prints figures; asserts nothing.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_TESTING", "1")

import django

django.setup()

from django.utils import translation  # noqa: E402

from lotse.letters import content, output  # noqa: E402
from lotse.letters.models import LetterTemplate  # noqa: E402
from lotse.letters.seed import default_texts  # noqa: E402
from lotse.lib import paper  # noqa: E402

RUNS = 5
TEXTS = {(row["kind"], row["language"]): row for row in default_texts()}


def template(kind: str, language: str) -> LetterTemplate:
    row = TEXTS[(kind, language)]
    return LetterTemplate(kind=kind, language=language, subject=row["subject"], body=row["body"])


def cpu(work) -> float:
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    translation.activate("de")
    baseline = cpu(lambda: paper.pdf_from_html("<p>Guten Tag</p>"))
    print(f"baseline: one-line PDF {baseline * 1000:.0f} ms CPU (median of {RUNS})")
    for language in ("de", "en", "fa"):
        letter = content.sample(
            template("agreement", "de"),
            template("agreement", language) if language != "de" else None,
        )
        pdf = cpu(lambda letter=letter: output.pdf(letter))
        docx = cpu(lambda letter=letter: output.docx(letter))
        print(
            f"agreement, {language}: PDF {pdf * 1000:.0f} ms ({pdf / baseline:.1f} × baseline), "
            f"DOCX {docx * 1000:.0f} ms ({docx / baseline:.2f} × baseline)"
        )


if __name__ == "__main__":
    main()
