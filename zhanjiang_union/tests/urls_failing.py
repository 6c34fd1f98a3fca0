"""The portal's URLs and one that fails, for the 500 page's test."""

from django.urls import path

from zhanjiang_union.urls import handler500  # noqa: F401
from zhanjiang_union.urls import urlpatterns as portal_urlpatterns


def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", fails), *portal_urlpatterns]
