from django.conf import settings


def arki(request):
    """What every page needs: the public URL and whether the visitor is logged in as staff."""
    return {"ARKI_PUBLIC_URL": settings.ARKI_PUBLIC_URL}
