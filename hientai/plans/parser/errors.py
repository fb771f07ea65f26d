"""The one error the parser raises (bad input, with a message an officer can read) and the
gettext it uses, so the parser also runs as plain Python without Django settings."""


class PlanParseError(ValueError):
    """The file cannot be read as a plan; the message is translated (gettext, Vietnamese)."""


def gettext(message: str) -> str:
    """Django's gettext when settings are configured, else the English message."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext as django_gettext

    return django_gettext(message)
