"""Who signs the reports each issuing unit sends (coordinator only); every write through
`services.save_signer` (role check, audit)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.accounts.scoping import scope_for
from hientai.core.http import error_text
from hientai.orgs.models import Unit
from hientai.reporting import services
from hientai.reporting.models import ReportSigner


class SignerForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Issuing unit"), queryset=Unit.objects.none())
    authority = forms.CharField(
        label=gettext_lazy("Signing authority"), max_length=100, required=False
    )
    title = forms.CharField(label=gettext_lazy("Signer's title"), max_length=100)
    name = forms.CharField(label=gettext_lazy("Signer's name"), max_length=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.current().exclude(kind="division").order_by("path")


@login_required
def signers_page(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).city_wide:
        raise PermissionDenied
    form = SignerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_signer(
                data["unit"], request.user, data["authority"], data["title"], data["name"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The signer was saved."))
            return redirect("reporting:signers")
    signers = ReportSigner.objects.select_related("unit").order_by("unit__path")
    return render(request, "reporting/signers.html", {"form": form, "signers": signers})
