"""The portal's WSGI application with one more URL, `/bench/bare`, for docs/benchmarks/api.py:
a view that answers "ok" and touches nothing, measured on the same gunicorn."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def bare(request):
    return HttpResponse("ok")


def _urlpatterns():
    from zhanjiang_union.urls import urlpatterns

    return [path("bench/bare", bare), *urlpatterns]


application = get_wsgi_application()
settings.ROOT_URLCONF = __name__


def __getattr__(name):
    # Django reads `urlpatterns` from the ROOT_URLCONF module when it first resolves.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)
