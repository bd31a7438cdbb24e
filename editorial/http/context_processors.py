from django.conf import settings


def bulletin(request):
    """The bulletin's configured identity, for every template."""
    return {"bulletin": settings.BULLETIN}
