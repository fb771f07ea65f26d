"""The search index: derived tables, rebuilt from the registry at any time.

Nothing here is the truth: `indexer.rebuild_index()` recreates every row from
`registry.Person` and its parts. Users never read these tables directly; every
read goes through `engine.search_people`, which applies the scoping mechanism.

- `PersonIndex`: one denormalised row per person (folded texts, display fields,
  facet tags). On SQLite an FTS5 table uses it as external content; on
  PostgreSQL a generated tsvector column with a GIN index covers it (both made
  by migration 0002, vendor by vendor).
- `UnitFacetCount`: how many people of one unit carry one facet tag, so the
  unfiltered list of a large scope sums a few thousand small rows instead of
  counting a million people.
- `SearchTerm`: every word of the indexed texts with its document count, to
  expand prefixes to whole words (FTS5 merges a prefix's doclists on every
  query otherwise) and to tell broad queries from narrow ones.
"""

from django.db import models


class RowIdField(models.BigIntegerField):
    """A 64-bit key that is the rowid on SQLite ("integer primary key"): FTS5 maps to it."""

    def db_type(self, connection) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class PersonIndex(models.Model):
    person_id = RowIdField(primary_key=True)
    unit_id = models.BigIntegerField()
    full_name = models.CharField(max_length=200)
    # Folded full name: an FTS column and the "exact full-name match" test.
    name_text = models.CharField(max_length=200)
    # Folded other names, keywords and unit name.
    other_text = models.TextField(blank=True)
    # Word counts of name_text and other_text: BM25 length normalisation.
    name_words = models.SmallIntegerField(default=0)
    other_words = models.SmallIntegerField(default=0)
    # Tags of the multi-valued facets (category, field, strategic_technology),
    # space-delimited with a space at both ends (see documents.tag).
    tags = models.TextField()
    # Tags for the full-text index only: the single-valued facets (also plain
    # columns below), every unit on the path (a subtree is one tag) and the
    # five-year bucket of the birth year.
    filter_tags = models.TextField()
    # Folded "given family middle": Vietnamese lists sort by given name.
    sort_name = models.CharField(max_length=200)
    gender = models.CharField(max_length=10, blank=True)
    degree = models.CharField(max_length=50, blank=True)
    overseas = models.CharField(max_length=20, blank=True)
    # Year and month*100+day of birth; the day is null when only the year is known.
    birth_year = models.SmallIntegerField(null=True)
    birth_md = models.SmallIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["sort_name"], name="search_pi_sort_idx"),
            models.Index(fields=["unit_id", "sort_name"], name="search_pi_unit_sort_idx"),
            models.Index(fields=["birth_year", "birth_md", "unit_id"], name="search_pi_birth_idx"),
            # Exact full-name matches come first, in name order (large result sets).
            models.Index(fields=["name_text", "sort_name"], name="search_pi_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.full_name}"


class UnitFacetCount(models.Model):
    unit_id = models.BigIntegerField()
    tag = models.CharField(max_length=120)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit_id", "tag"], name="search_unitcount_unique"),
        ]
        # Covering index: one tag's count over a set of units without touching the table.
        indexes = [
            models.Index(fields=["tag", "unit_id", "count"], name="search_unitcount_tag_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.tag} {self.count}"


class SearchTerm(models.Model):
    term = models.CharField(max_length=200, primary_key=True)
    docs = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term} {self.docs}"


class Bitmap(models.Model):
    """A roaring bitmap of person ids: a facet tag, a frequent word or a short prefix.

    See search/bitmaps.py. The row with the empty key marks bitmaps complete."""

    key = models.CharField(max_length=255, primary_key=True)
    docs = models.IntegerField(default=0)
    rev = models.BigIntegerField(default=0)
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.key} {self.docs}"
