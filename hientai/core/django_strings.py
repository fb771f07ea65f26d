"""Django's own messages that its Vietnamese catalogue lacks (new in Django 6.1). Marked
here so `make messages` extracts them and our catalogue, which comes first
(LOCALE_PATHS), translates them."""

from django.utils.translation import gettext_noop

MISSING_FROM_DJANGO = [
    gettext_noop("- Select an option -"),  # models.fields.BLANK_CHOICE_LABEL
]
