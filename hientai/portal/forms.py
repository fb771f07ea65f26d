from django import forms

from hientai.portal.models import Page, PublicFields


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "kind", "slug", "starts_on", "deadline",
            "title_vi", "summary_vi", "body_vi",
            "title_en", "summary_en", "body_en",
            "title_zh", "summary_zh", "body_zh",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body_vi": forms.Textarea(attrs={"rows": 12}),
            "body_en": forms.Textarea(attrs={"rows": 12}),
            "body_zh": forms.Textarea(attrs={"rows": 8, "lang": "zh-Hans"}),
            "title_zh": forms.TextInput(attrs={"lang": "zh-Hans"}),
            "summary_zh": forms.TextInput(attrs={"lang": "zh-Hans"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False


class PublicFieldsForm(forms.ModelForm):
    class Meta:
        model = PublicFields
        fields = ["show_titles", "show_email", "show_phone", "show_orcid"]
