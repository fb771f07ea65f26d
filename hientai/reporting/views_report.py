"""The consolidated report on the web: pick period, unit (within scope) and format; the
file is built by a background job ("consolidated_report") whose progress the page follows;
earlier reports are listed for download to their maker and those whose scope holds them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.accounts.http import AuthenticatedHttpRequest, staff_only
from hientai.accounts.scoping import get_visible_or_404, visible
from hientai.core.http import is_htmx
from hientai.indicators.periods import Period
from hientai.jobs import services as jobs
from hientai.jobs.models import Job
from hientai.orgs.models import Unit
from hientai.reporting import dashboards
from hientai.reporting.tasks import REPORT

FORMAT_CHOICES = [
    ("docx", gettext_lazy("Word (DOCX), Decree 30/2020 layout")),
    ("pdf", gettext_lazy("PDF")),
    ("xlsx", gettext_lazy("Excel annex (XLSX)")),
]


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"))
    unit = forms.ChoiceField(label=gettext_lazy("Unit"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=FORMAT_CHOICES, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        periods = dashboards.period_choices()
        period_field = self.fields["period"]
        unit_field = self.fields["unit"]
        assert isinstance(period_field, forms.ChoiceField)
        assert isinstance(unit_field, forms.ChoiceField)
        period_field.choices = [(str(p), p.label) for p in periods]
        period_field.initial = str(dashboards.latest_due_period())
        root = dashboards.scope_root(user)
        units = dashboards.unit_choices(user, root)
        unit_field.choices = [(unit.code, unit.name_vi) for unit in units]
        unit_field.initial = root.code
        self.fields["format"].initial = "docx"
        self.user = user

    def clean_unit(self) -> Unit:
        unit = visible(Unit.objects.filter(code=self.cleaned_data["unit"]), self.user).first()
        if unit is None:
            raise forms.ValidationError(_("Choose a unit within your scope."))
        return unit

    def clean_period(self) -> str:
        try:
            return str(Period.parse(self.cleaned_data["period"]))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


def _period_label(text: str) -> str:
    try:
        return Period.parse(text).label
    except ValueError:
        return text


def _reports(user: Any) -> list[Job]:
    queryset = visible(Job.objects.filter(kind=REPORT).select_related("unit", "user"), user)
    reports = list(queryset.order_by("-created_at", "-pk")[:30])
    for job in reports:
        job.period_label = _period_label((job.params or {}).get("period", ""))  # type: ignore[attr-defined]  # for the template
    return reports


@login_required
def report_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    staff_only(request)
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = jobs.submit(
            REPORT,
            user=request.user,
            unit=data["unit"],
            params={"period": data["period"], "format": data["format"]},
        )
        messages.success(request, _("The report is being prepared."))
        return redirect("reporting:report_job", pk=job.pk)
    context = {"form": form, "reports": _reports(request.user)}
    return render(
        request, "reporting/report_page.html", context, status=400 if form.errors else 200
    )


@login_required
def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    job = get_visible_or_404(
        Job.objects.filter(kind=REPORT).select_related("unit", "user"), request.user, pk=pk
    )
    progress = jobs.current_progress(job)
    phases = {
        "gather": _("Collecting plans, tasks and indicator values"),
        "write": _("Writing the file"),
        "done": _("Done"),
    }
    progress["label"] = phases.get(progress.get("phase") or "", "")
    job.period_label = _period_label((job.params or {}).get("period", ""))  # type: ignore[attr-defined]  # for the template
    context = {"job": job, "progress": progress}
    template = "reporting/_report_status.html" if is_htmx(request) else "reporting/report_job.html"
    return render(request, template, context)


@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    staff_only(request)
    job = get_visible_or_404(Job.objects.filter(kind=REPORT), request.user, pk=pk)
    relative = (job.files or {}).get("report")
    if not relative:
        raise Http404
    path = jobs.job_file(job, relative)
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
