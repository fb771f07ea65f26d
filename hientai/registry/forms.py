"""Profile forms: hard errors only (Vietnamese through gettext); softer problems are
the data-quality engine's job and show up as findings, not as rejected forms."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import editable
from hientai.catalogs.models import Code
from hientai.orgs.models import Unit, UnitKind
from hientai.registry.models import (
    AcademicTitle,
    Award,
    Employment,
    LanguageSkill,
    OverseasKind,
    Patent,
    Person,
    Publication,
    Qualification,
    SkillAssessment,
    Status,
    STProject,
    TrainingRecord,
)
from hientai.registry.values import BadValue, parse_phone

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _codes(key: str) -> Any:
    return Code.objects.filter(scheme__key=key, scheme__is_current=True).order_by("code")


def _check_period(form: forms.BaseForm, data: dict[str, Any]) -> None:
    """Parts with a start and an end (employment, training) must not end before they start."""
    if data.get("start") and data.get("end") and data["end"] < data["start"]:
        form.add_error("end", _("The end date is before the start date."))


class PersonForm(forms.ModelForm):
    fields: dict[str, Any]  # made from Meta at run time; several are ModelChoiceFields
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=255,
        required=False,
        help_text=_(
            "Kept in the profile history; the part you edit is named if you leave it empty."
        ),
    )

    class Meta:
        model = Person
        fields = [
            "unit",
            "family_name",
            "middle_name",
            "given_name",
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
            "residence_unit",
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
        ]
        widgets = {
            "birth_date": DATE_INPUT,
            "last_verified_on": DATE_INPUT,
            "categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        querysets = {
            "unit": editable(Unit.objects.current(), user).order_by("path"),
            "residence_unit": Unit.objects.current().filter(
                kind__in=[UnitKind.WARD, UnitKind.COMMUNE]
            ),
            "ethnic_group": _codes("ethnic_group"),
            "nationality": _codes("country"),
            "overseas_country": _codes("country"),
            "categories": _codes("person_category"),
            "st_fields": _codes("st_field").filter(level=2),
            "strategic_technologies": _codes("strategic_technology"),
        }
        # The identity and the expertise forms are subsets of this one.
        for name, queryset in querysets.items():
            if name in self.fields:
                self.fields[name].queryset = queryset
                if queryset.model is Code:
                    self.fields[name].label_from_instance = _code_label

    def clean_personal_id(self) -> str:
        value = self.cleaned_data["personal_id"].strip()
        if value and (len(value) != 12 or not value.isdigit()):
            raise forms.ValidationError(_("The personal ID number must have exactly 12 digits."))
        duplicates = Person.objects.filter(personal_id=value).exclude(pk=self.instance.pk)
        if value and duplicates.exists():
            raise forms.ValidationError(_("Another profile already has this personal ID number."))
        return value

    def clean_phone(self) -> str:
        # The importer's rule, so a phone the web accepts is one an import would accept.
        value = self.cleaned_data["phone"].strip()
        try:
            return parse_phone(value, lambda _message: None) if value else ""
        except BadValue as error:
            raise forms.ValidationError(str(error)) from error

    def clean_old_id_number(self) -> str:
        value = self.cleaned_data["old_id_number"].strip()
        if value and (len(value) != 9 or not value.isdigit()):
            raise forms.ValidationError(_("The old ID card number must have exactly 9 digits."))
        return value

    def clean_birth_date(self) -> datetime.date | None:
        value = self.cleaned_data["birth_date"]
        if value and value > datetime.date.today():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        birth_date, birth_year = data.get("birth_date"), data.get("birth_year")
        if birth_date and birth_year and birth_date.year != birth_year:
            self.add_error("birth_year", _("The year of birth does not match the date of birth."))
        if birth_year and not 1900 <= birth_year <= datetime.date.today().year:
            self.add_error("birth_year", _("The year of birth must be between 1900 and this year."))
        if data.get("overseas_kind") and not data.get("overseas_country"):
            self.add_error("overseas_country", _("Give the country for a person living abroad."))
        if data.get("overseas_kind") == OverseasKind.NONE:
            data["overseas_country"] = None
        return data


class PartReasonForm(forms.Form):
    reason = PersonForm.base_fields["reason"]


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class PartForm(forms.ModelForm):
    """One row of a profile part; code fields list the current code-list version."""

    code_fields: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, scheme in self.code_fields.items():
            queryset = _codes(scheme)
            if scheme == "st_field":
                queryset = queryset.filter(level=2)
            self.fields[name].queryset = queryset
            self.fields[name].label_from_instance = _code_label

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _check_period(self, data)
        year = data.get("year")
        if year and not 1900 <= year <= datetime.date.today().year:
            self.add_error("year", _("The year must be between 1900 and this year."))
        return data


def _code_label(code: Code) -> str:
    # Readers see the Vietnamese label, never the code itself.
    return code.label_vi or code.code


class QualificationForm(PartForm):
    code_fields = {
        "degree": "degree",
        "level": "qualification_level",
        "st_field": "st_field",
        "country": "country",
    }

    class Meta:
        model = Qualification
        fields = ["degree", "level", "st_field", "major", "institution", "country", "year"]


class AcademicTitleForm(PartForm):
    code_fields = {"title": "academic_title"}

    class Meta:
        model = AcademicTitle
        fields = ["title", "year"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("title") and not data.get("DELETE"):
            self.add_error("title", _("Choose the academic title."))
        return data


class LanguageForm(PartForm):
    code_fields = {"language": "language", "level": "language_level"}

    class Meta:
        model = LanguageSkill
        fields = ["language", "level"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("language") and not data.get("DELETE"):
            self.add_error("language", _("Choose the language."))
        return data


class EmploymentUnitField(forms.ModelChoiceField):
    """Units of the city; a former (merged, renamed) unit says which unit carries it on."""

    def label_from_instance(self, obj: Unit) -> str:
        if obj.is_current():
            return str(obj)
        from hientai.orgs.services import successors

        now = ", ".join(str(unit) for unit in successors(obj))
        if not now:
            return _("%(unit)s (former unit)") % {"unit": obj}
        return _("%(unit)s (former unit, now %(successor)s)") % {"unit": obj, "successor": now}


class EmploymentForm(PartForm):
    code_fields = {"occupation_group": "occupation_group"}

    class Meta:
        model = Employment
        fields = [
            "unit",
            "organization",
            "position",
            "leadership_level",
            "sector",
            "occupation_group",
            "start",
            "end",
        ]
        field_classes = {"unit": EmploymentUnitField}
        widgets = {"start": DATE_INPUT, "end": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Past jobs may be at units closed by a merger: they stay choosable (and are
        # shown with their successor), or a profile with such a job could never be saved.
        kept = [self.instance.unit_id] if self.instance.unit_id else []
        self.fields["unit"].queryset = Unit.objects.filter(
            Q(pk__in=kept) | Q(pk__in=Unit.objects.current().values("pk"))
        ).order_by("path")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("unit") and not data.get("organization") and not data.get("DELETE"):
            self.add_error("organization", _("Give a unit of the city or an outside organisation."))
        return data


class TrainingForm(PartForm):
    code_fields = {"topic": "training_topic"}

    class Meta:
        model = TrainingRecord
        fields = ["topic", "title", "provider", "hours", "start", "end", "certificate"]
        widgets = {"start": DATE_INPUT, "end": DATE_INPUT}


class PublicationForm(PartForm):
    class Meta:
        model = Publication
        fields = ["title", "venue", "year", "doi"]


class PatentForm(PartForm):
    class Meta:
        model = Patent
        fields = ["title", "kind", "number", "status", "filed_on", "granted_on"]
        widgets = {"filed_on": DATE_INPUT, "granted_on": DATE_INPUT}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filed, granted = data.get("filed_on"), data.get("granted_on")
        if filed and granted and granted < filed:
            self.add_error("granted_on", _("The grant date is before the filing date."))
        return data


class ProjectForm(PartForm):
    class Meta:
        model = STProject
        fields = ["title", "code", "level", "role", "accepted_on", "applied"]
        widgets = {"accepted_on": DATE_INPUT}


class AwardForm(PartForm):
    class Meta:
        model = Award
        fields = ["name", "level", "issuer", "year"]


class AssessmentForm(PartForm):
    class Meta:
        model = SkillAssessment
        fields = ["kind", "result", "score", "assessed_on"]
        widgets = {"assessed_on": DATE_INPUT}


def _formset(model: type, form: type, extra: int = 1) -> Any:
    return inlineformset_factory(Person, model, form=form, extra=extra, can_delete=True)


QualificationFormSet = _formset(Qualification, QualificationForm)
EmploymentFormSet = _formset(Employment, EmploymentForm)
TrainingFormSet = _formset(TrainingRecord, TrainingForm)


EXPERTISE_FIELDS = ("st_fields", "strategic_technologies", "keywords", "orcid", "scopus_id")


class IdentityForm(PersonForm):
    """Identity, contacts and residence: the part most edits touch (a new phone, an address)."""

    class Meta(PersonForm.Meta):
        fields = [
            name
            for name in PersonForm.Meta.fields
            if name not in EXPERTISE_FIELDS and name not in ("categories",)
        ]


class ExpertiseForm(PersonForm):
    """Categories, S&T fields, strategic technologies, keywords and researcher identifiers."""

    class Meta(PersonForm.Meta):
        fields = ["categories", *EXPERTISE_FIELDS]


@dataclass(frozen=True)
class Part:
    """One part of a profile that has its own edit page."""

    slug: str
    label: Any
    formset: Any = None
    form: Any = None


PARTS: dict[str, Part] = {
    part.slug: part
    for part in (
        Part("identity", _("Identity and contacts"), form=IdentityForm),
        Part("categories", _("Categories and expertise"), form=ExpertiseForm),
        Part("qualifications", _("Qualifications"), QualificationFormSet),
        Part("titles", _("Academic titles"), _formset(AcademicTitle, AcademicTitleForm)),
        Part("employment", _("Employment history"), EmploymentFormSet),
        Part("training", _("Training records"), TrainingFormSet),
        Part("languages", _("Foreign languages"), _formset(LanguageSkill, LanguageForm)),
        Part(
            "publications",
            _("Publications and other outputs"),
            _formset(Publication, PublicationForm),
        ),
        Part("patents", _("Patents and utility solutions"), _formset(Patent, PatentForm)),
        Part("projects", _("S&T tasks"), _formset(STProject, ProjectForm)),
        Part("awards", _("Awards and honours"), _formset(Award, AwardForm)),
        Part("assessments", _("Skill assessments"), _formset(SkillAssessment, AssessmentForm)),
    )
}
