from django.conf import settings
from django.utils.translation import get_language_from_path


def arki(request):
    """What every page needs: the public URL and whether the visitor is logged in as staff."""
    return {
        "ARKI_PUBLIC_URL": settings.ARKI_PUBLIC_URL,
        "ARKI_PLAIN_LANGUAGE": settings.ARKI_PLAIN_LANGUAGE,
        "language_neutral_path": language_neutral_path(request),
    }


def language_neutral_path(request) -> str:
    """The current address without its /sv/, /en/ or /fi-x-plain/ prefix, for the language switcher.

    `set_language` translates `next` by resolving it in the default language (the switcher
    posts to an unprefixed URL), so a prefixed `next` such as /sv/p/x/ cannot be resolved and
    the visitor would stay in Swedish after choosing English.
    """
    path = request.get_full_path()
    language = get_language_from_path(request.path_info)
    if language and language != settings.LANGUAGE_CODE:
        return path.removeprefix(f"/{language}")
    return path
