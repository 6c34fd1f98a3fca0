"""The timeline line of a document made, in the reader's language. cases keeps the
registry of lines; this app adds its one action to it (cases names no app above it).
Imported once, from the app's ready()."""

from django.utils.translation import gettext as _

from cases.timeline import renders, renders_for_worker

from .models import DocumentKind

MADE_ACTION = "documents.document.made"


def _facts(event) -> dict:
    return {"kind": DocumentKind(event.data["kind"]).label, "number": event.data["number"]}


@renders(MADE_ACTION)
def document_made(event):
    return _("Document made: %(kind)s %(number)s") % _facts(event)


@renders_for_worker(MADE_ACTION)
def document_issued(event):
    return _("%(kind)s issued to you (%(number)s)") % _facts(event)
