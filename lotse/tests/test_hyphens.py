"""Long German words hyphenate: the page names its language (``hyphens: auto`` needs it) and the
stylesheet hyphenates headings and facts instead of breaking them anywhere."""

import re

from django.conf import settings
from django.test import Client

CSS = (settings.BASE_DIR / "lotse" / "static" / "lotse" / "lotse.css").read_text()


def test_the_page_names_its_language_for_hyphenation(db):
    assert '<html lang="de">' in Client().get("/accounts/login/").content.decode()
    english = Client(headers={"accept-language": "en"})
    assert '<html lang="en">' in english.get("/accounts/login/").content.decode()


def test_headings_and_facts_hyphenate_and_the_last_word_rule_is_break_word():
    rule = re.search(r"\nh1, h2, h3, h4, legend, th, dt, dd, summary, \.card \{([^}]*)\}", CSS)
    assert rule and "hyphens: auto" in rule.group(1)
    dd_rules = re.findall(r"\ndl\.facts dd \{([^}]*)\}", CSS)
    assert "overflow-wrap: break-word" in dd_rules[-1]  # the last rule wins over "anywhere"
