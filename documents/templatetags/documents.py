"""The worker's documents on the tracking page: the notices written to them, for the
tracking session that opened this case with its number and query code only."""

from django import template

from cases.views import TRACKED_SESSION_KEY

from ..selectors import worker_documents as documents_written_to_worker

register = template.Library()


@register.inclusion_tag("documents/_worker_documents.html", takes_context=True)
def worker_documents(context, case):
    request = context.get("request")
    tracked = request is not None and request.session.get(TRACKED_SESSION_KEY) == case.pk
    return {"documents": documents_written_to_worker(case=case) if tracked else []}
