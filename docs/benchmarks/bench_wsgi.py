"""The portal's WSGI application with two more URLs, measured on the same gunicorn as the
portal's pages (docs/benchmarks/api.py, mass_dispute.py): `/bench/bare`, a view that answers
"ok" and touches nothing, and `/bench/form`, a bare Django form view: GET renders a form of
two fields with its CSRF token through the template engine, POST validates it and redirects
(the baseline a complaint's GET + POST is compared with)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")

from django import forms  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse, HttpResponseRedirect  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402


def bare(request):
    return HttpResponse("ok")


class BareForm(forms.Form):
    name = forms.CharField(max_length=100)
    amount = forms.DecimalField(max_digits=12, decimal_places=2)


BARE_PAGE = (
    '<!doctype html><title>form</title><form method="post">{% csrf_token %}{{ form }}'
    "<button>send</button></form>"
)


def bare_form(request):
    form = BareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect("/bench/form")
    page = engines["django"].from_string(BARE_PAGE)
    return HttpResponse(page.render({"form": form}, request))


def _urlpatterns():
    from zhanjiang_union.urls import urlpatterns

    return [path("bench/bare", bare), path("bench/form", bare_form), *urlpatterns]


application = get_wsgi_application()
settings.ROOT_URLCONF = __name__


def __getattr__(name):
    # Django reads `urlpatterns` from the ROOT_URLCONF module when it first resolves.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)
