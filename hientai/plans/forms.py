"""Forms of the plans screens: upload, review (header, task, units, target, duty) and
tracking (update, extension). They only validate input; the services write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from hientai.accounts.models import User
from hientai.accounts.scoping import editable
from hientai.orgs.models import Unit
from hientai.plans import matching
from hientai.plans.models import (
    EVIDENCE_EXTENSIONS,
    Plan,
    ReportingDuty,
    Target,
    Task,
    TaskStatus,
    TaskUnit,
    UnitRole,
    validate_evidence_size,
)
from hientai.plans.services import parent_task_choices, readable_plans

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from hientai.accounts.models import User

PLAN_EXTENSIONS = ["txt", "docx", "pdf", "png", "jpg", "jpeg", "tif", "tiff"]
PLAN_MAX_BYTES = 30 * 1024 * 1024
GENERIC = "generic"


def _plan_file_size(file: Any) -> None:
    if (getattr(file, "size", 0) or 0) > PLAN_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": PLAN_MAX_BYTES // (1024 * 1024)}
        )


class UnitCodeField(forms.CharField):
    """A unit typed by its code ("75.SNV"); empty means none."""

    def clean(self, value: Any) -> Unit | None:
        code = (super().clean(value) or "").strip()
        if not code:
            return None
        unit = Unit.objects.current().filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("No unit in force has the code %(code)s.") % {"code": code}
            )
        return unit


class UploadForm(forms.Form):
    fields: dict[str, Any]  # per-instance querysets and choices on some of them
    file = forms.FileField(
        label=_("Plan document"),
        help_text=_("Text, Word (.docx), PDF or a scanned image."),
        validators=[FileExtensionValidator(PLAN_EXTENSIONS), _plan_file_size],
    )
    unit = forms.ModelChoiceField(
        label=_("Issuing unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Only needed when the document's issuer is not recognised."),
    )

    def __init__(self, *args: Any, user: User | AnonymousUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = editable(Unit.objects.current(), user).order_by("path")


class PlanForm(forms.ModelForm):
    fields: dict[str, Any]  # per-instance querysets and choices on some of them
    parent = forms.ModelChoiceField(
        label=_("Implements plan"), queryset=Plan.objects.none(), required=False
    )

    class Meta:
        model = Plan
        fields = [
            "number",
            "date",
            "title",
            "issuing_unit",
            "start_year",
            "end_year",
            "approver",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "title": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User | AnonymousUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = editable(Unit.objects.current(), user)
        if self.instance.pk:
            units = units | Unit.objects.filter(pk=self.instance.issuing_unit_id)
        self.fields["issuing_unit"].queryset = units.order_by("path")
        plans = readable_plans(user).exclude(pk=self.instance.pk).order_by("-created_at")
        self.fields["parent"].queryset = plans
        self.fields["parent"].initial = self.instance.parent_id


class TaskForm(forms.Form):
    fields: dict[str, Any]  # per-instance querysets and choices on some of them
    content = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 3}))
    number = forms.CharField(label=_("Number"), max_length=16, required=False)
    group = forms.CharField(label=_("Group"), max_length=500, required=False)
    deadline_raw = forms.CharField(
        label=_("Deadline as written"),
        max_length=255,
        required=False,
        help_text=_("For example: Quý II/2026, Năm 2027, Hằng năm, Thường xuyên."),
    )
    expected_result = forms.CharField(
        label=_("Expected product"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    responsible_person = forms.CharField(
        label=_("Responsible person"), max_length=255, required=False
    )
    parent_task = forms.ChoiceField(label=_("Task of the higher plan"), required=False)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        initial = {
            "content": task.content,
            "number": task.number,
            "group": task.group,
            "deadline_raw": task.deadline_raw,
            "expected_result": task.expected_result,
            "responsible_person": task.responsible_person,
            "parent_task": task.parent_task_id or "",
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.task = task
        self.parent_tasks = parent_task_choices(task)
        choices: list[tuple[Any, StrOrPromise]] = [("", _("— none —"))]
        for candidate, score in self.parent_tasks:
            label = f"{candidate.number or '·'} {candidate.content[:90]}"
            if score is not None:
                label += f" ({score}%)"
            choices.append((candidate.pk, label))
        self.fields["parent_task"].choices = choices
        if not task.plan.parent_id:
            self.fields["parent_task"].widget = forms.HiddenInput()

    def clean_parent_task(self) -> Task | None:
        value = self.cleaned_data.get("parent_task")
        if not value:
            return None
        return next((task for task, _score in self.parent_tasks if str(task.pk) == value), None)


def unit_choices(name: str, context: Unit, current: Unit | None) -> list[tuple[str, StrOrPromise]]:
    """Options for mapping a unit name: not mapped, generic group, ranked suggestions."""
    choices: list[tuple[str, StrOrPromise]] = [
        ("", _("— not mapped —")),
        (GENERIC, _("Generic group (several bodies)")),
    ]
    suggestions = matching.suggest_units(name, context)
    if current is not None and all(item.unit.pk != current.pk for item in suggestions):
        choices.append((str(current.pk), f"{current.name_vi} [{current.code}]"))
    for item in suggestions:
        mark = "✓ " if item.sure else ""
        choices.append(
            (str(item.unit.pk), f"{mark}{item.unit.name_vi} [{item.unit.code}] – {item.score}%")
        )
    return choices


class UnitMappingForm(forms.Form):
    """Map one name as written: a suggestion, a code typed in, generic, or remove."""

    choice = forms.ChoiceField(label=_("Unit"), required=False)
    code = UnitCodeField(label=_("or unit code"), required=False, max_length=64)
    remove = forms.BooleanField(label=_("Remove"), required=False)
    fields: dict[str, Any]  # per-instance querysets and choices on some of them

    def __init__(self, *args: Any, link: TaskUnit, **kwargs: Any) -> None:
        initial = {"choice": GENERIC if link.is_generic else (link.unit_id or "")}
        kwargs.update(initial=initial, prefix=f"link{link.pk}")
        super().__init__(*args, **kwargs)
        self.link = link
        self.fields["choice"].choices = unit_choices(
            link.name, link.task.plan.issuing_unit, link.unit
        )

    def target(self) -> tuple[Unit | None, bool]:
        """(unit, generic) chosen."""
        if self.cleaned_data.get("code"):
            return self.cleaned_data["code"], False
        choice = self.cleaned_data.get("choice") or ""
        if choice == GENERIC:
            return None, True
        if choice:
            return Unit.objects.filter(pk=choice).first(), False
        return None, False


class NewUnitForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=UnitRole.choices)
    name = forms.CharField(
        label=_("Name as written"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name as written")}),
    )
    code = UnitCodeField(label=_("Unit code"), required=False, max_length=64)
    generic = forms.BooleanField(label=_("Generic group"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "new"
        super().__init__(*args, **kwargs)

    def has_entry(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("name") or data.get("code"))


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["text", "value", "value_max", "unit", "comparator", "year"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class DutyForm(forms.ModelForm):
    from_unit = UnitCodeField(label=_("From unit (code)"), required=False, max_length=64)
    to_unit = UnitCodeField(label=_("To unit (code)"), required=False, max_length=64)

    class Meta:
        model = ReportingDuty
        fields = ["from_name", "to_name", "period_type", "due_day", "deadline_raw"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        duty = self.instance
        self.fields["from_unit"].initial = duty.from_unit.code if duty.from_unit_id else ""
        self.fields["to_unit"].initial = duty.to_unit.code if duty.to_unit_id else ""

    def clean_due_day(self) -> str:
        value = (self.cleaned_data.get("due_day") or "").strip()
        if value:
            day, _slash, month = value.partition("/")
            if not (
                day.isdigit() and month.isdigit() and 1 <= int(day) <= 31 and 1 <= int(month) <= 12
            ):
                raise forms.ValidationError(_("Write the day and month as 15/12."))
            value = f"{int(day):02d}/{int(month):02d}"
        return value


class UpdateForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel, image or ZIP; at most 20 MB."),
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_evidence_size],
    )


class ExtensionForm(forms.Form):
    new_due = forms.DateField(
        label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Decision note"), required=False, max_length=500)


class UserChoiceField(forms.ModelChoiceField):
    """Users by their full name, family name first (the login name only without one)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.last_name} {obj.first_name}".strip() or obj.username


class PersonForm(forms.Form):
    responsible_user = UserChoiceField(
        label=_("Responsible user (of the lead unit)"),
        queryset=User.objects.none(),
        required=False,
    )
    responsible_person = forms.CharField(
        label=_("or a name (when the person has no account)"), max_length=255, required=False
    )

    def __init__(self, *args, users=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_user"]
        assert isinstance(field, forms.ModelChoiceField)
        if users is not None:
            field.queryset = users
