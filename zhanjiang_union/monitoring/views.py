import ipaddress

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST

from .metrics import metrics_exposition


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _may_scrape(address: str) -> bool:
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(client in network for network in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
def metrics(request):
    """Prometheus metrics, for the monitoring host only. Anyone else gets the same 404
    as for a page that does not exist: the path is not advertised."""
    if not _may_scrape(_client_address(request)):
        raise Http404
    return HttpResponse(metrics_exposition(), content_type=CONTENT_TYPE_LATEST)
