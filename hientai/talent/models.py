"""Talent: the expert finder's index and vocabulary, organisations and shortlists.

- `SynonymGroup`: one concept (AI, semiconductors, biotechnology, ...) and every way of
  saying it in Vietnamese and English. Data, loaded by a migration and edited by the
  coordinator; the finder reads it on every query.
- `ExpertDoc`: one row per person with the *expertise* texts only (fields, strategic
  technologies, keywords, majors, projects, outputs, employers), folded, and the columns
  the finder filters on. Names are not in it, so a name never makes a person an expert.
  An FTS5 table (SQLite) or a GIN tsvector (PostgreSQL) covers the texts for words that
  are not in the vocabulary.
- `ExpertPosting`: (concept, person, strength): which concepts a person's expertise
  mentions and how strongly, so a concept's strongest experts are one index range scan.
- `Organisation`, `OrganisationMember`: the register of organisations; people are linked
  through the organisation names of their employment.
- `Shortlist`, `ShortlistEntry`: experts kept by a user, shared with other users.

Every table but Organisation, Shortlist and SynonymGroup is derived (rebuilt by
`indexer.rebuild_index`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet
from hientai.search.models import RowIdField


class SynonymGroup(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    label_vi = models.CharField(_("Vietnamese name"), max_length=200)
    label_en = models.CharField(_("English name"), max_length=200, blank=True)
    terms = models.TextField(
        _("terms"),
        help_text=_("One term per line, Vietnamese and English; tone marks do not matter."),
    )
    active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["label_vi"]

    def __str__(self) -> str:
        return self.label_vi

    def term_list(self) -> list[str]:
        return [line.strip() for line in self.terms.splitlines() if line.strip()]


class ExpertDoc(models.Model):
    person_id = RowIdField(primary_key=True)
    unit_id = models.BigIntegerField()
    fields_text = models.TextField(blank=True)
    techs_text = models.TextField(blank=True)
    keywords_text = models.TextField(blank=True)
    majors_text = models.TextField(blank=True)
    projects_text = models.TextField(blank=True)
    outputs_text = models.TextField(blank=True)
    orgs_text = models.TextField(blank=True)
    # Highest qualification on the VQF scale (8 doctorate, 7 master, 6 university).
    vqf = models.SmallIntegerField(default=0)
    abroad = models.BooleanField(default=False)
    # " JP US " : country of residence abroad and a foreign nationality.
    countries = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=10, blank=True)
    # year*10000 + month*100 + day (day and month 0 when only the year is known).
    birth_key = models.IntegerField(null=True)
    # A static tie-breaker: outputs, projects and degree.
    strength = models.FloatField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["unit_id"], name="talent_doc_unit_idx"),
            # A scope's people with a degree filter: only those with the degree are read.
            models.Index(fields=["unit_id", "vqf"], name="talent_doc_unit_vqf_idx"),
            # ... and with a place abroad: only the scope's people abroad are read.
            models.Index(fields=["unit_id", "abroad"], name="talent_doc_unit_abroad_idx"),
        ]

    def __str__(self) -> str:
        return str(self.person_id)


class ExpertPosting(models.Model):
    concept = models.CharField(max_length=60)
    person_id = models.BigIntegerField()
    score = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["concept", "-score", "person_id"], name="talent_post_concept_idx"),
            # A person's strength in given concepts: candidates of several concepts.
            models.Index(
                fields=["person_id", "concept", "score"], name="talent_post_person_concept_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.concept} {self.person_id} {self.score:.2f}"


class ConceptStat(models.Model):
    concept = models.CharField(max_length=60, primary_key=True)
    docs = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.concept} {self.docs}"


class OrganisationKind(models.TextChoices):
    ST_ENTERPRISE = "st_enterprise", _("S&T enterprise")
    STARTUP = "startup", _("Innovative start-up")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    UNIVERSITY = "university", _("University or college")
    ASSOCIATION = "association", _("Association")
    BUSINESS = "business", _("Business")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    scope_path_field = "unit__path"

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("The unit whose officers keep this record."),
    )
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("One per line: the names people's employment records use for it."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        extra = [line.strip() for line in self.aliases.splitlines() if line.strip()]
        return [self.name, *([self.short_name] if self.short_name else []), *extra]


class OrganisationMember(models.Model):
    """Derived: a person whose employment names the organisation (current or past)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person_id = models.BigIntegerField()
    current = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person_id"], name="talent_member_unique"
            )
        ]
        indexes = [models.Index(fields=["person_id"], name="talent_member_person_idx")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.person_id}"


class Shortlist(models.Model):
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlists"
    )
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared with"),
        related_name="shared_shortlists",
        blank=True,
    )
    query = models.CharField(_("question"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    reasons = models.TextField(_("why"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shortlisted expert")
        verbose_name_plural = _("shortlisted experts")
        ordering = ["shortlist", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "person"], name="talent_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.shortlist_id} {self.person_id}"


class IndexConfig(models.Model):
    """One version of the competence-and-contribution index's method (OECD/JRC handbook
    steps as data): sub-indicators and their weights in two pillars, the normalisation
    and the aggregation. Versions are kept; scores name the version they used."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    config = models.JSONField(_("method"))
    active = models.BooleanField(_("in use"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("index method")
        verbose_name_plural = _("index methods")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class IndexRun(models.Model):
    """One computation of the index with one method version over the whole registry: the
    scores are stored (`IndexScore`) and summed by unit and group (`IndexFact`) so pages
    read them instead of scoring a million profiles per request. `lookup` maps each
    sub-indicator's raw values to their normalised values in this run (explanations);
    `sensitivity` holds the rank correlations under ±20 % weight changes."""

    config = models.ForeignKey(IndexConfig, on_delete=models.PROTECT, related_name="runs")
    computed_at = models.DateTimeField(_("computed at"))
    people = models.IntegerField(_("people"), default=0)
    lookup = models.JSONField(default=dict)
    sensitivity = models.JSONField(default=dict)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.config.version} {self.computed_at:%Y-%m-%d %H:%M}"


class IndexScore(models.Model):
    """Derived: one person's score in a run; `raw` the sub-indicators' raw values in the
    order of the run's method (comma-separated numbers)."""

    run = models.ForeignKey(IndexRun, on_delete=models.CASCADE, related_name="+")
    person_id = models.BigIntegerField()
    unit_id = models.BigIntegerField()
    score = models.FloatField()
    # Place in the city's ranking of the run (1 = best): a page shows it without counting.
    rank = models.IntegerField(default=0)
    raw = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(fields=["run", "-score", "person_id"], name="talent_score_rank_idx"),
            models.Index(
                fields=["run", "unit_id", "-score", "person_id"], name="talent_score_unit_idx"
            ),
            models.Index(fields=["run", "person_id"], name="talent_score_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.score:.2f}"


class IndexFact(models.Model):
    """Derived: people and the sum of their scores per unit and group of a run ("all",
    "sector:…", "technology:…", "group:…", "org:…", "orgkind:…"); a scope's means are
    sums over its units."""

    run = models.ForeignKey(IndexRun, on_delete=models.CASCADE, related_name="+")
    unit_id = models.BigIntegerField()
    key = models.CharField(max_length=80)
    people = models.IntegerField()
    total = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["run", "unit_id", "key"], name="talent_fact_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.key} {self.people}"
