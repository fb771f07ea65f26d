"""Forms of the self-service pages. The profile forms are the registry's own (a subset of
its person form and its part formsets), so a proposal is validated by the same rules the
officer's save applies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hientai.catalogs.models import Code
from hientai.orgs.models import Unit, UnitKind
from hientai.registry.forms import PARTS, PersonForm
from hientai.registry.values import reject_formula_prefix
from hientai.selfservice.models import Availability


def _codes(key: str) -> Any:
    return Code.objects.filter(scheme__key=key, scheme__is_current=True).order_by("code")


def _code_label(code: Code) -> str:
    return code.label_vi or code.code


class RegistrationForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), max_length=50)
    middle_name = forms.CharField(label=_("Middle name"), max_length=80, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=50)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters."),
    )
    overseas = forms.BooleanField(label=_("I am a Vietnamese living abroad"), required=False)
    country = forms.ModelChoiceField(
        label=_("Country of residence"), queryset=Code.objects.none(), required=False
    )
    st_field = forms.ModelChoiceField(
        label=_("Field of expertise"), queryset=Code.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Unit that keeps your profile"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Leave empty for the Department of Science and Technology."),
    )
    # A field people never see (hidden by the style sheet): robots fill it.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        field = self.fields["st_field"]
        unit = self.fields["unit"]
        assert isinstance(country, forms.ModelChoiceField)
        assert isinstance(field, forms.ModelChoiceField)
        assert isinstance(unit, forms.ModelChoiceField)
        country.queryset = _codes("country")
        field.queryset = _codes("st_field").filter(level=2)
        country.label_from_instance = _code_label  # type: ignore[method-assign,assignment]
        field.label_from_instance = _code_label  # type: ignore[method-assign,assignment]
        unit.queryset = (
            Unit.objects.current()
            .filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.UNIVERSITY])
            .order_by("name_vi")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("family_name", "middle_name", "given_name"):
            try:
                reject_formula_prefix(data.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        if data.get("overseas") and not data.get("country"):
            self.add_error("country", _("Give the country where you live."))
        password = data.get("password")
        if password:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class SelfProfileForm(PersonForm):
    """What the expert keeps on the person itself: contacts, expertise, identifiers."""

    class Meta(PersonForm.Meta):
        fields = ["phone", "overseas_city", "st_fields", "keywords", "orcid"]
        widgets = {"st_fields": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["reason"]


class AvailabilityForm(forms.Form):
    availability = forms.ChoiceField(
        label=_("Availability to collaborate"),
        choices=[("", "—"), *Availability.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note for the officer"), max_length=255, required=False)


# The parts an expert keeps, with the prefix of their formset.
SELF_PARTS = (
    ("qualifications", "qualifications"),
    ("employment", "employments"),
    ("languages", "languages"),
    ("publications", "publications"),
)
PERSON_KEYS = ("phone", "overseas_city", "st_fields", "keywords", "orcid")


def part_formsets(data: QueryDict | None, person: Any) -> list[Any]:
    return [
        PARTS[slug].formset(data, instance=person, prefix=prefix) for slug, prefix in SELF_PARTS
    ]


def part_label(formset: Any) -> str:
    for slug, prefix in SELF_PARTS:
        if formset.prefix == prefix:
            return str(PARTS[slug].label)
    return str(formset.model._meta.verbose_name_plural)


def to_querydict(stored: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in stored.items():
        data.setlist(key, list(values))
    return data


def stored_data(post: QueryDict) -> dict[str, list[str]]:
    """The submitted keys of the profile forms, kept as lists (multi-valued fields)."""
    prefixes = tuple(f"{prefix}-" for _slug, prefix in SELF_PARTS)
    keep = {key for key in post if key in PERSON_KEYS or key.startswith(prefixes)}
    keep |= {"availability", "note"} & set(post)
    return {key: post.getlist(key) for key in sorted(keep)}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the expert"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Request"),
        choices=[("rectify", _("Correct my data")), ("erase", _("Delete my data"))],
    )
    details = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class InvitationForm(forms.Form):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Expert"), queryset=Code.objects.none()
    )
    task: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Task of a plan"), queryset=Code.objects.none(), required=False
    )
    title = forms.CharField(label=_("Or a title"), max_length=255, required=False)
    link = forms.URLField(label=_("Link"), required=False)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, people: Any, tasks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        task = self.fields["task"]
        assert isinstance(person, forms.ModelChoiceField)
        assert isinstance(task, forms.ModelChoiceField)
        person.queryset = people
        task.queryset = tasks

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("task") and not (data.get("title") or "").strip():
            self.add_error("title", _("Choose a task or give a title."))
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
