"""Password rules beyond Django's: Vietnamese passwords everyone guesses first."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hientai.core.text import fold

# Letters of the passwords people here reach for first, once digits and symbols are
# taken away ("matkhau123456", "Dongnai@2026!!", "123456abcdef"...).
COMMON_STEMS = frozenset(
    {
        "",
        "matkhau",
        "matkhaucuatoi",
        "password",
        "dongnai",
        "dongxoai",
        "bienhoa",
        "vietnam",
        "hanoi",
        "saigon",
        "admin",
        "administrator",
        "quantri",
        "abc",
        "abcdef",
        "qwerty",
        "asdfgh",
        "zxcvbn",
        "iloveyou",
        "anhyeuem",
        "emyeuanh",
        "hientai",
        "nhantai",
        "ubnd",
        "sokhcn",
        "khcn",
    }
)


class VietnameseCommonPasswordValidator:
    """Refuse a password whose letters are a common Vietnamese (or generic) word."""

    def validate(self, password: str, user: Any = None) -> None:
        stem = re.sub(r"[^a-z]", "", fold(password).lower())
        if stem in COMMON_STEMS:
            raise ValidationError(_("This password is too common."), code="password_too_common")

    def get_help_text(self) -> str:
        return _("Your password can’t be a commonly used password.")


class LengthValidator(MinimumLengthValidator):
    """Django's length rule with our own message: Django 6.1 changed its wording and its
    Vietnamese catalogue no longer translates it."""

    def __init__(self, min_length: int = 12) -> None:
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return _("This password is too short: it must have at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }

    def get_help_text(self) -> str:
        return _("Your password must have at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }
