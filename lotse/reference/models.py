"""Official reference data: KldB 2010 occupations, BA job titles, places, countries, languages
and the residence-title rules that yield a work-permission hint."""

from django.db import models
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext_lazy as _

from lotse.reference.text import readable_occupation


class RequirementLevel(models.IntegerChoices):
    HELPER = 1, _("helper / semi-skilled")
    SKILLED = 2, _("skilled (vocational training)")
    SPECIALIST = 3, _("specialist (master craftsman, technician, bachelor)")
    EXPERT = 4, _("expert (master's degree or equivalent)")


class Occupation(models.Model):
    """One position of the KldB 2010 (version 2020), on any of its five levels."""

    code = models.CharField(_("KldB code"), max_length=5, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), db_index=True)
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    # The Anforderungsniveau: the 5th digit of a 5-digit code (1 helper … 4 expert), computed by
    # the database so that reports and matching can filter and group by it.
    requirement_level = models.GeneratedField(
        expression=models.Case(
            models.When(
                level=5,
                then=Cast(Substr("code", 5, 1), output_field=models.PositiveSmallIntegerField()),
            ),
            default=None,
        ),
        output_field=models.PositiveSmallIntegerField(_("requirement level"), null=True),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("occupation (KldB 2010)")
        verbose_name_plural = _("occupations (KldB 2010)")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="occupation_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The title as a person reads it (``text.readable_occupation``); ``short_title`` is the
        BA's abbreviation for narrow columns."""
        return readable_occupation(self.title)

    @property
    def requirement_level_label(self) -> str:
        """The requirement level in words ("skilled (vocational training)"), or ""."""
        level = self.requirement_level
        return str(RequirementLevel(level).label) if level else ""


class TitleState(models.TextChoices):
    """The state of a title in the Gesamtberufsliste."""

    CURRENT = "E", _("current")
    MODIFIED = "M", _("modified")
    OBSOLETE = "R", _("obsolete")
    TECHNICAL = "T", _("title for the classification only")


class OccupationTitle(models.Model):
    """A job title of the BA's Gesamtberufsliste, pointing to one KldB Berufsgattung."""

    dkz_id = models.PositiveIntegerField(_("DKZ id"), primary_key=True)
    ba_code = models.CharField(_("BA code"), max_length=20)
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        related_name="job_titles",
        verbose_name=_("occupation"),
    )
    state = models.CharField(_("state"), max_length=1, choices=TitleState.choices)
    title = models.CharField(_("title"), max_length=300)
    title_male = models.CharField(_("male title"), max_length=300, blank=True)
    title_female = models.CharField(_("female title"), max_length=300, blank=True)
    # All title forms, folded (see lotse.reference.text): "|bäcker/in|bäcker|baecker|…|".
    search_text = models.TextField(_("search text"), blank=True)

    class Meta:
        verbose_name = _("job title")
        verbose_name_plural = _("job titles")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class District(models.Model):
    """A German district (Kreis or kreisfreie Stadt), keyed by its 5-digit AGS."""

    ags = models.CharField(_("district key (AGS)"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    state = models.CharField(_("federal state"), max_length=100, blank=True)
    # The mean position of the district's postcodes: a centre for distances and maps.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # The outline for maps, projected and simplified at import (importers/outlines.py): an SVG
    # path in one map plane for all of Germany, its box and a point for the label.
    outline = models.TextField(_("outline (SVG path)"), blank=True)
    outline_box = models.JSONField(_("outline box"), null=True, blank=True)
    label_point = models.JSONField(_("label point"), null=True, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """A postal code and place. One postal code can name several places."""

    code = models.CharField(_("postcode"), max_length=5, db_index=True)
    place = models.CharField(_("place"), max_length=200)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="postcodes",
        null=True,
        blank=True,
        verbose_name=_("district"),
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code", "place"]
        constraints = [
            models.UniqueConstraint(fields=["code", "place"], name="postcode_unique_code_place")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.place}"


class Region(models.TextChoices):
    """Groups of countries of origin for reports (our own grouping, based on the UN M49
    sub-regions, with the EU/EEA and the main countries of origin set apart)."""

    EU_EEA = "eu_eea", _("EU/EEA and Switzerland")
    OTHER_EUROPE = "other_europe", _("other Europe")
    SOUTHEAST_EUROPE = "southeast_europe", _("South-eastern Europe/Balkans")
    EASTERN_EUROPE = "eastern_europe", _("Eastern Europe")
    CAUCASUS = "caucasus", _("South Caucasus")
    TURKEY = "turkey", _("Türkiye")
    MIDDLE_EAST = "middle_east", _("Near and Middle East")
    CENTRAL_ASIA = "central_asia", _("Central Asia")
    SOUTH_ASIA = "south_asia", _("South Asia")
    EAST_ASIA_PACIFIC = "east_asia_pacific", _("East and South-east Asia, Pacific")
    NORTH_AFRICA = "north_africa", _("North Africa")
    EAST_AFRICA = "east_africa", _("East Africa/Horn of Africa")
    WEST_AFRICA = "west_africa", _("West Africa")
    CENTRAL_SOUTHERN_AFRICA = "central_southern_africa", _("Central and Southern Africa")
    AMERICAS = "americas", _("Americas")
    STATELESS_UNKNOWN = "stateless_unknown", _("stateless or unclarified")


class Country(models.Model):
    iso_code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_de = models.CharField(_("German name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    region = models.CharField(
        _("region of origin"), max_length=100, blank=True, choices=Region.choices
    )
    is_eu_eea = models.BooleanField(_("EU/EEA or Switzerland"), default=False)
    is_safe_country_of_origin = models.BooleanField(
        _("safe country of origin (§ 29a AsylG)"), default=False
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_de"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "de").startswith("en") else self.name_de


class Language(models.Model):
    iso_code = models.CharField(_("ISO 639 code"), max_length=3, primary_key=True)
    name_de = models.CharField(_("German name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name_de"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "de").startswith("en") else self.name_de


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("native language")


CEFR_RANK = {"": 0, "A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}


class WorkPermission(models.TextChoices):
    ALLOWED = "allowed", _("may work")
    PERMIT_REQUIRED = "permit", _("needs the immigration office's permission")
    RESTRICTED = "restricted", _("may work within limits")
    NOT_ALLOWED = "banned", _("may not work")


class ResidenceTitle(models.Model):
    """A residence status with the work-permission rule in force from/until a date.

    The rules are data, not code: when the law changes, a new row with a new
    ``valid_from`` is added and the old one gets ``valid_until``. The rows come from
    ``lotse/reference/data/residence_titles.json`` (command ``import_residence_rules``) and
    administrators can edit them in the Django admin. ``lotse.reference.rules`` turns a rule
    and the facts of a case into a hint.
    """

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=100, blank=True)
    work_permission = models.CharField(
        _("work permission"), max_length=20, choices=WorkPermission.choices
    )
    needs_permit = models.BooleanField(
        _("each job needs the immigration office's permission"), default=False
    )
    waiting_months = models.PositiveSmallIntegerField(
        _("waiting period in months"), null=True, blank=True
    )
    waiting_months_reception_centre = models.PositiveSmallIntegerField(
        _("waiting period in months when obliged to live in a reception centre"),
        null=True,
        blank=True,
    )
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("maximum hours per week"), null=True, blank=True
    )
    banned_if_identity_unclarified = models.BooleanField(
        _("work ban while identity is not clarified (§ 60b AufenthG)"), default=False
    )
    safe_country_cutoff = models.DateField(
        _("work ban for nationals of safe countries of origin who applied after"),
        null=True,
        blank=True,
    )
    arrival_cutoff = models.DateField(_("latest arrival date"), null=True, blank=True)
    hint = models.TextField(_("hint (German)"), blank=True)
    hint_en = models.TextField(_("hint (English)"), blank=True)
    is_verified = models.BooleanField(_("checked against the law"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    valid_from = models.DateField(_("rule valid from"))
    valid_until = models.DateField(_("rule valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("residence title rule")
        verbose_name_plural = _("residence title rules")
        ordering = ["name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="residencetitle_unique_code_valid_from"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="residencetitle_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "de").startswith("en"):
            return self.name_en
        return self.name

    @property
    def localized_hint(self) -> str:
        from django.utils.translation import get_language

        if self.hint_en and (get_language() or "de").startswith("en"):
            return self.hint_en
        return self.hint
