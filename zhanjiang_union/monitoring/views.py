import ipaddress

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST

from zhanjiang_union.clientip import client_ip

from .metrics import metrics_exposition


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
    if not _may_scrape(client_ip(request)):
        raise Http404
    return HttpResponse(metrics_exposition(), content_type=CONTENT_TYPE_LATEST)
