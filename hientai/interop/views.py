"""Pages of the national exchange (coordinators and administrators): the status of the
endpoints and their pushes, the rejected records with their reasons, "push now", the
endpoints' settings and the element mapping table."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.core.http import service_form
from hientai.interop import services
from hientai.interop.forms import EndpointForm, MappingForm
from hientai.interop.models import ElementMapping, Endpoint, Push, RecordStatus, SentRecord
from hientai.interop.tasks import PUSH
from hientai.jobs.services import JobError, submit


def _manager(request: HttpRequest) -> None:
    if not services.may_manage(request.user):
        raise PermissionDenied


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _manager(request)
    endpoints = list(Endpoint.objects.all())
    for endpoint in endpoints:
        endpoint.last_push = endpoint.pushes.first()  # type: ignore[attr-defined]
        endpoint.waiting = SentRecord.objects.filter(  # type: ignore[attr-defined]
            endpoint=endpoint, status=RecordStatus.UNANSWERED
        ).count()
    rejected = (
        SentRecord.objects.filter(status=RecordStatus.REJECTED)
        .select_related("endpoint", "person", "person__unit")
        .order_by("-at", "-pk")[:50]
    )
    pushes = Push.objects.select_related("endpoint", "user")[:20]
    return render(
        request,
        "interop/home.html",
        {"endpoints": endpoints, "pushes": pushes, "rejected": rejected},
    )


def _endpoint_form(request: HttpRequest, endpoint: Endpoint | None) -> HttpResponse:
    return service_form(
        request,
        EndpointForm(request.POST or None, instance=endpoint),
        lambda data: services.save_endpoint(request.user, endpoint, **data),
        template="interop/endpoint_form.html",
        context={"endpoint": endpoint},
        saved=_("Endpoint saved."),
        then="interop:home",
    )


@login_required
def endpoint_add(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return _endpoint_form(request, None)


@login_required
def endpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    return _endpoint_form(request, get_object_or_404(Endpoint, pk=pk))


@login_required
@require_POST
def push_now(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    try:
        job = submit(PUSH, user=request.user, params={"endpoint": endpoint.pk})  # type: ignore[arg-type]  # signed in
    except JobError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            _("Push to %(endpoint)s started (job %(job)s); its result shows below when it ends.")
            % {"endpoint": endpoint.name, "job": job.pk},
        )
    return redirect("interop:home")


@login_required
def push_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    run = get_object_or_404(Push.objects.select_related("endpoint", "user"), pk=pk)
    records = run.records.select_related("person", "person__unit").order_by("status", "pk")[:500]
    return render(request, "interop/push_detail.html", {"run": run, "records": records})


@login_required
def mapping_list(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return render(request, "interop/mapping_list.html", {"mappings": ElementMapping.objects.all()})


def _mapping_form(request: HttpRequest, mapping: ElementMapping | None) -> HttpResponse:
    return service_form(
        request,
        MappingForm(request.POST or None, instance=mapping),
        lambda data: services.save_mapping(request.user, mapping, **data),
        template="interop/mapping_form.html",
        context={"mapping": mapping},
        saved=_("Mapping saved; the next push follows it."),
        then="interop:mapping_list",
    )


@login_required
def mapping_add(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return _mapping_form(request, None)


@login_required
def mapping_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    return _mapping_form(request, get_object_or_404(ElementMapping, pk=pk))
