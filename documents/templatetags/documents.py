"""The worker's documents on their case's page: the notices written to them, offered
on each of the worker's doors to it (the tracking session that opened the case with its
number and query code, "my complaints" for the account that filed it, the SMS sign-in
with the phone it was filed with), each download checking its own door again."""

from django import template

from cases import signin
from cases.views import TRACKED_SESSION_KEY

from ..selectors import worker_documents as documents_written_to_worker

register = template.Library()


def _download(request, case) -> str | None:
    """The download view of the worker's door this page was opened by, or None."""
    page = request.resolver_match.view_name if request.resolver_match else ""
    if page == "cases:track_result" and request.session.get(TRACKED_SESSION_KEY) == case.pk:
        return "documents:tracked_docx"
    if page == "cases:my_case" and request.user.is_authenticated:
        return "documents:my_docx" if case.filed_by_id == request.user.pk else None
    phone = request.session.get(signin.SESSION_KEY)
    if page == "cases:phone_case" and phone:
        mine = signin.cases_for_phone(phone=phone).filter(pk=case.pk).exists()
        return "documents:phone_docx" if mine else None
    return None


@register.inclusion_tag("documents/_worker_documents.html", takes_context=True)
def worker_documents(context, case):
    request = context.get("request")
    download = _download(request, case) if request is not None else None
    documents = documents_written_to_worker(case=case) if download else []
    return {"documents": documents, "download": download}
