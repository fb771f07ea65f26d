"""The record types of one person as the importer, the exporter and the demo generator
pass them around: `PersonRecord` (the Person fields, codes as plain strings) and its
`*Part`s, plus the flat one-row-per-person CSV form (`CSV_COLUMNS`, `csv_row()`).

The flat CSV columns are:

    unit_code, family_name, middle_name, given_name, full_name, other_names,
    birth_date, birth_year, gender, ethnic_group, nationality, personal_id,
    old_id_number, email, phone, address, residence_unit_code, overseas_kind,
    overseas_country, overseas_city, categories, st_fields, strategic_technologies,
    keywords, orcid, scopus_id, source, last_verified_on, status, status_since,
    highest_degree, highest_level, highest_st_field, highest_major,
    highest_institution, highest_country, highest_year, academic_title,
    academic_title_year, languages, employment_unit_code, employment_organization,
    employment_position, employment_leadership_level, employment_sector,
    employment_occupation_group, employment_start, qualification_count,
    employment_count, publication_count, patent_count, project_count, award_count,
    training_count, trainings_this_year, assessment_count, digital_skills_result,
    digital_skills_score

Codes are the code-list codes (ethnic_group "01", country "VN", degree "thac_si",
level "VQF7", st_field "102"...). Dates are YYYY-MM-DD; lists of codes (categories,
st_fields, strategic_technologies) are joined with ";"; languages are "en:B2;fr:A2".
highest_* describe the highest qualification, academic_title the highest title,
employment_* the current job (or the last one), *_count the number of each part,
trainings_this_year the trainings that ended this year, digital_skills_* the
national digital-skill assessment.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

_VQF_RANK = {f"VQF{i}": i for i in range(1, 9)}


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class QualificationPart:
    degree: str  # degree@HT-2026
    level: str  # qualification_level@VQF-2016
    st_field: str  # st_field@TT24-2025, level 2
    major: str
    institution: str
    country: str  # ISO 3166-1 alpha-2
    year: int | None


@dataclass(slots=True)
class TitlePart:
    title: str  # academic_title: GS, PGS
    year: int | None


@dataclass(slots=True)
class LanguagePart:
    language: str  # ISO 639-1
    level: str  # language_level: A1..C2, bac1..bac6


@dataclass(slots=True)
class EmploymentPart:
    unit_code: str  # a unit of the city ("" for an outside organisation)
    organization: str
    position: str
    leadership_level: str  # LeadershipLevel value
    sector: str  # Sector value
    occupation_group: str  # occupation_group@VSCO-QD34-2020
    start: datetime.date | None
    end: datetime.date | None


@dataclass(slots=True)
class PublicationPart:
    title: str
    doi: str
    venue: str
    year: int | None


@dataclass(slots=True)
class PatentPart:
    title: str
    kind: str  # PatentKind value
    number: str
    status: str  # PatentStatus value
    filed_on: datetime.date | None
    granted_on: datetime.date | None


@dataclass(slots=True)
class ProjectPart:
    title: str
    code: str
    level: str  # national, city, unit
    role: str  # ProjectRole value
    accepted_on: datetime.date | None
    applied: bool


@dataclass(slots=True)
class AwardPart:
    name: str
    level: str  # international, national, city, unit
    issuer: str
    year: int | None


@dataclass(slots=True)
class TrainingPart:
    topic: str  # training_topic@HT-2026
    title: str
    provider: str
    hours: int | None
    start: datetime.date | None
    end: datetime.date | None
    certificate: str


@dataclass(slots=True)
class AssessmentPart:
    kind: str  # AssessmentKind value
    result: str
    score: float | None
    assessed_on: datetime.date | None


@dataclass(slots=True)
class PersonRecord:
    """One generated person: the Person fields (codes as plain strings) and their parts."""

    unit_code: str
    family_name: str
    middle_name: str
    given_name: str
    birth_year: int
    gender: str
    nationality: str
    status: str
    status_since: datetime.date
    other_names: str = ""
    birth_date: datetime.date | None = None
    ethnic_group: str = ""
    personal_id: str = ""
    old_id_number: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    residence_unit_code: str = ""
    overseas_kind: str = ""
    overseas_country: str = ""
    overseas_city: str = ""
    categories: list[str] = field(default_factory=list)
    st_fields: list[str] = field(default_factory=list)
    strategic_technologies: list[str] = field(default_factory=list)
    keywords: str = ""
    orcid: str = ""
    scopus_id: str = ""
    source: str = ""
    last_verified_on: datetime.date | None = None
    qualifications: list[QualificationPart] = field(default_factory=list)
    academic_titles: list[TitlePart] = field(default_factory=list)
    languages: list[LanguagePart] = field(default_factory=list)
    employments: list[EmploymentPart] = field(default_factory=list)
    publications: list[PublicationPart] = field(default_factory=list)
    patents: list[PatentPart] = field(default_factory=list)
    projects: list[ProjectPart] = field(default_factory=list)
    awards: list[AwardPart] = field(default_factory=list)
    trainings: list[TrainingPart] = field(default_factory=list)
    assessments: list[AssessmentPart] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)

    @property
    def highest_qualification(self) -> QualificationPart | None:
        if not self.qualifications:
            return None
        return max(self.qualifications, key=lambda q: (_VQF_RANK.get(q.level, 0), q.year or 0))

    @property
    def current_employment(self) -> EmploymentPart | None:
        current = [e for e in self.employments if e.end is None]
        pool = current or self.employments
        return max(pool, key=lambda e: e.start or datetime.date.min) if pool else None


def _today() -> datetime.date:
    try:
        from django.utils import timezone

        return timezone.localdate()
    except Exception:  # outside a configured Django project
        return datetime.date.today()


# --------------------------------------------------------------------------- flat CSV

CSV_COLUMNS = [
    "unit_code",
    "family_name",
    "middle_name",
    "given_name",
    "full_name",
    "other_names",
    "birth_date",
    "birth_year",
    "gender",
    "ethnic_group",
    "nationality",
    "personal_id",
    "old_id_number",
    "email",
    "phone",
    "address",
    "residence_unit_code",
    "overseas_kind",
    "overseas_country",
    "overseas_city",
    "categories",
    "st_fields",
    "strategic_technologies",
    "keywords",
    "orcid",
    "scopus_id",
    "source",
    "last_verified_on",
    "status",
    "status_since",
    "highest_degree",
    "highest_level",
    "highest_st_field",
    "highest_major",
    "highest_institution",
    "highest_country",
    "highest_year",
    "academic_title",
    "academic_title_year",
    "languages",
    "employment_unit_code",
    "employment_organization",
    "employment_position",
    "employment_leadership_level",
    "employment_sector",
    "employment_occupation_group",
    "employment_start",
    "qualification_count",
    "employment_count",
    "publication_count",
    "patent_count",
    "project_count",
    "award_count",
    "training_count",
    "trainings_this_year",
    "assessment_count",
    "digital_skills_result",
    "digital_skills_score",
]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_row(record: PersonRecord, this_year: int | None = None) -> list[str]:
    """The flat CSV row of a record, in CSV_COLUMNS order."""
    top = record.highest_qualification
    job = record.current_employment
    title = max(record.academic_titles, key=lambda t: t.title == "GS", default=None)
    digital = next((a for a in record.assessments if a.kind == "digital_skills"), None)
    year = this_year or _today().year
    values = [
        record.unit_code,
        record.family_name,
        record.middle_name,
        record.given_name,
        record.full_name,
        record.other_names,
        record.birth_date,
        record.birth_year,
        record.gender,
        record.ethnic_group,
        record.nationality,
        record.personal_id,
        record.old_id_number,
        record.email,
        record.phone,
        record.address,
        record.residence_unit_code,
        record.overseas_kind,
        record.overseas_country,
        record.overseas_city,
        ";".join(record.categories),
        ";".join(record.st_fields),
        ";".join(record.strategic_technologies),
        record.keywords,
        record.orcid,
        record.scopus_id,
        record.source,
        record.last_verified_on,
        record.status,
        record.status_since,
        top.degree if top else "",
        top.level if top else "",
        top.st_field if top else "",
        top.major if top else "",
        top.institution if top else "",
        top.country if top else "",
        top.year if top else "",
        title.title if title else "",
        title.year if title else "",
        ";".join(f"{lang.language}:{lang.level}" for lang in record.languages),
        job.unit_code if job else "",
        job.organization if job else "",
        job.position if job else "",
        job.leadership_level if job else "",
        job.sector if job else "",
        job.occupation_group if job else "",
        job.start if job else "",
        len(record.qualifications),
        len(record.employments),
        len(record.publications),
        len(record.patents),
        len(record.projects),
        len(record.awards),
        len(record.trainings),
        sum(1 for t in record.trainings if t.end and t.end.year == year),
        len(record.assessments),
        digital.result if digital else "",
        digital.score if digital else "",
    ]
    return [_text(v) for v in values]
