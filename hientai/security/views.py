"""The optional TOTP second factor (django-otp): set up, confirm, verify, turn off.

Only administrators and coordinators (the city-wide roles) may set one up; once a
device is confirmed, every login of that user asks for its code.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from hientai.accounts import tokens
from hientai.accounts.http import AuthenticatedHttpRequest, staff_only
from hientai.accounts.models import ApiToken, Role
from hientai.accounts.scoping import scope_for

SECOND_FACTOR_ROLES = {Role.ADMIN, Role.COORDINATOR}


def may_use_second_factor(user) -> bool:
    return bool(scope_for(user).roles & SECOND_FACTOR_ROLES)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_use_second_factor(request.user):
        raise PermissionDenied
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if request.method == "POST" and request.POST.get("action") == "disable":
        # OTPMiddleware installs is_verified() on each request's user (not a User method).
        if confirmed is None or not request.user.is_verified():  # type: ignore[attr-defined]
            raise PermissionDenied
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("The second factor is turned off."))
        return HttpResponseRedirect(reverse("security:otp_setup"))
    device = None
    if confirmed is None:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=request.user, name=_("Authenticator app"), confirmed=False
            )
        if request.method == "POST":
            if device.verify_token(request.POST.get("token", "").strip()):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                messages.success(
                    request, _("The second factor is on: each login will ask for a code.")
                )
                return HttpResponseRedirect(reverse("security:otp_setup"))
            messages.error(request, _("The code is not right. Enter the code the app shows now."))
    return render(
        request,
        "security/otp_setup.html",
        {
            "confirmed": confirmed,
            "device": device,
            "secret": _base32(device) if device else "",
        },
    )


def _base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode()


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.is_verified():  # type: ignore[attr-defined]  # added by OTPMiddleware
        return HttpResponseRedirect(_next(request))
    if request.method == "POST":
        device = match_token(request.user, request.POST.get("token", "").strip())
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next(request))
        messages.error(request, _("The code is not right. Enter the code the app shows now."))
    return render(request, "security/otp_verify.html", {"next": _next(request)})


# --- Personal API tokens (issue 19): a staff user makes and revokes their own.


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's API tokens; POST makes one and shows its secret this once."""
    staff_only(request)
    secret = ""
    form = {"name": "", "days": "90"}
    if request.method == "POST":
        form = {"name": request.POST.get("name", ""), "days": request.POST.get("days", "")}
        try:
            days = int(form["days"])
        except ValueError:
            messages.error(request, _("Enter the number of days, from 1 to 366."))
        else:
            try:
                _token, secret = tokens.create_token(
                    request.user, request.user, form["name"], days=days, channel="web"
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                form = {"name": "", "days": "90"}
    rows = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "security/api_tokens.html",
        {"tokens": rows, "secret": secret, "form": form, "now": timezone.now()},
    )


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens (another user's reads as missing)."""
    staff_only(request)
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_token(token, request.user, channel="web")
    messages.success(request, _("The token is revoked."))
    return HttpResponseRedirect(reverse("security:api_tokens"))
