"""The site's own URLs and error handlers, plus one view that fails on purpose."""

from django.urls import path

from newsletter import urls as site_urls

handler500 = site_urls.handler500


def broken_view(request):
    raise RuntimeError("a secret detail that must not reach the reader")


urlpatterns = [path("broken/", broken_view), *site_urls.urlpatterns]
