"""Small catalogues from well-kept libraries: countries (ISO 3166 from pycountry, names from
babel/CLDR) with a region of origin for reports, and languages (ISO 639 from pycountry, names
from babel/CLDR)."""

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from lotse.reference.importers.base import (
    ImportResult,
    Problems,
    Progress,
    RowCheck,
    max_length,
    no_progress,
    sync_table,
    text,
)
from lotse.reference.models import Country, Language, Region

EU = set(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE AX".split()
)
EEA_AND_SWITZERLAND = {"IS", "LI", "NO", "CH"}

#: Safe countries of origin under § 29a AsylG, Annex II (Georgia and Moldova since December
#: 2023); EU states are safe by Art. 16a (2) GG and are not listed here. (unverified: check the
#: current annex before relying on it)
SAFE_COUNTRIES_OF_ORIGIN = {"AL", "BA", "GE", "GH", "XK", "MK", "MD", "ME", "SN", "RS"}

#: Our grouping for reports, based on the UN M49 sub-regions; the EU/EEA is set apart first.
REGIONS: dict[str, str] = {
    Region.SOUTHEAST_EUROPE: "AL BA XK ME MK RS",
    Region.EASTERN_EUROPE: "UA BY MD RU",
    Region.OTHER_EUROPE: "AD GB GG GI IM JE FO SJ SM MC VA",
    Region.CAUCASUS: "GE AM AZ",
    Region.TURKEY: "TR",
    Region.MIDDLE_EAST: "SY IQ IR LB JO PS IL YE SA KW BH QA AE OM",
    Region.CENTRAL_ASIA: "KZ KG TJ TM UZ",
    Region.SOUTH_ASIA: "AF BD BT IN MV NP PK LK",
    Region.EAST_ASIA_PACIFIC: (
        "CN HK MO KP JP MN KR TW BN KH ID LA MY MM PH SG TH TL VN "
        "AS AU CK FJ PF GU HM KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM VU WF "
        "CC CX AQ"
    ),
    Region.NORTH_AFRICA: "DZ EG LY MA SD TN EH",
    Region.EAST_AFRICA: "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
    Region.WEST_AFRICA: "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    Region.CENTRAL_SOUTHERN_AFRICA: "AO CM CF TD CG CD GQ GA ST BW SZ LS NA ZA",
    Region.AMERICAS: (
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI "
        "BZ CR SV GT HN MX NI PA AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE "
        "BM CA GL PM US"
    ),
    Region.STATELESS_UNKNOWN: "XS XX",
}
REGION_OF = {code: region for region, codes in REGIONS.items() for code in codes.split()}

#: Codes that ISO 3166 does not assign but case work needs (user-assigned codes).
EXTRA_COUNTRIES = {
    "XK": ("Kosovo", "Kosovo"),
    "XS": ("staatenlos", "stateless"),
    "XX": ("ungeklärt", "unclarified"),
}

#: Languages that matter in the programme but have no name in CLDR (ISO 639-3 codes).
EXTRA_LANGUAGES = {
    "prs": ("Dari", "Dari"),
    "kmr": ("Nordkurdisch (Kurmandschi)", "Northern Kurdish (Kurmanji)"),
    "sdh": ("Südkurdisch", "Southern Kurdish"),
    "apc": ("Levantinisches Arabisch", "Levantine Arabic"),
    "acm": ("Irakisches Arabisch", "Mesopotamian Arabic"),
}


def _names(row: RowCheck, model: type[Model], name_de: str, name_en: str) -> tuple[str, str]:
    """Both names of a catalogue entry checked like a file's text (NFC, no control characters,
    within the field: never cut)."""
    return (
        row("name_de", text, name_de, max_length=max_length(model, "name_de"), required=True),
        row("name_en", text, name_en, max_length=max_length(model, "name_en"), required=True),
    )


def country_rows() -> list[dict]:
    """One row per ISO 3166 country plus Kosovo, stateless and unclarified."""
    import pycountry
    from babel import Locale

    german, english = Locale("de").territories, Locale("en").territories
    rows = []
    codes = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for code, iso_name in sorted(codes.items()):
        rows.append((code, german.get(code) or iso_name, english.get(code) or iso_name))
    for code, (name_de, name_en) in EXTRA_COUNTRIES.items():
        rows.append((code, german.get(code) or name_de, english.get(code) or name_en))
    result = []
    problems = Problems("pycountry/babel")
    for code, raw_de, raw_en in rows:
        row = problems.row(_("country %(code)s") % {"code": code})
        name_de, name_en = _names(row, Country, raw_de, raw_en)
        is_eu_eea = code in EU or code in EEA_AND_SWITZERLAND
        result.append(
            {
                "iso_code": code,
                "name_de": name_de,
                "name_en": name_en,
                "region": Region.EU_EEA if is_eu_eea else REGION_OF.get(code, ""),
                "is_eu_eea": is_eu_eea,
                "is_safe_country_of_origin": code in SAFE_COUNTRIES_OF_ORIGIN,
            }
        )
    problems.fail(_("country names that cannot be imported"))
    return result


def language_rows() -> list[dict]:
    """The ISO 639 languages that CLDR names in German and English (keyed by the 2-letter
    code where there is one, else the 3-letter code), plus a few it lacks."""
    import pycountry
    from babel import Locale

    german, english = Locale("de").languages, Locale("en").languages
    rows = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None) or language.alpha_3
        if code in german and code in english:
            rows[code] = (german[code], english[code])
    for code, names in EXTRA_LANGUAGES.items():
        rows.setdefault(code, names)
    result = []
    problems = Problems("pycountry/babel")
    for code, (raw_de, raw_en) in sorted(rows.items()):
        row = problems.row(_("language %(code)s") % {"code": code})
        name_de, name_en = _names(row, Language, raw_de, raw_en)
        result.append({"iso_code": code, "name_de": name_de, "name_en": name_en})
    problems.fail(_("language names that cannot be imported"))
    return result


def import_catalogues(*, progress: Progress = no_progress) -> tuple[ImportResult, ImportResult]:
    """Import countries and languages. Idempotent, in one transaction."""
    countries = ImportResult(label=_("Countries"))
    languages = ImportResult(label=_("Languages"))
    progress(_("Catalogues: countries and languages from pycountry and babel …"))
    with transaction.atomic():
        sync_table(
            Country,
            country_rows(),
            key=["iso_code"],
            fields=["name_de", "name_en", "region", "is_eu_eea", "is_safe_country_of_origin"],
            result=countries,
            progress=progress,
        )
        sync_table(
            Language,
            language_rows(),
            key=["iso_code"],
            fields=["name_de", "name_en"],
            result=languages,
            progress=progress,
        )
    return countries, languages
