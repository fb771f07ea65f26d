from __future__ import annotations

from django import forms

from hientai.interop.models import ElementMapping, Endpoint


class EndpointForm(forms.ModelForm):
    class Meta:
        model = Endpoint
        fields = ["name", "url", "token_env", "batch_size", "max_attempts", "active"]


class MappingForm(forms.ModelForm):
    class Meta:
        model = ElementMapping
        fields = ["source", "element", "label_vi", "reference", "required", "verified",
                  "active", "order"]  # fmt: skip
