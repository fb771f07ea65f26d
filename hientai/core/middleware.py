from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switch.

    The browser's Accept-Language is ignored on purpose: officers' machines are
    often set to English, yet the city's screens are Vietnamese first.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
