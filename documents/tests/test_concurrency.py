"""Documents made at once, on PostgreSQL's real row locks: each kind's numbers of a year
unique and without gaps."""

from datetime import date

import pytest

from cases.tests.test_concurrency import run_in_threads
from documents import services
from documents.models import CaseDocument, DocumentKind
from zhanjiang_union.accounts.roles import Role

from .helpers import accepted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_numbers_unique_and_gap_free_when_documents_are_made_at_once(make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    cases = [accepted(make_case, mediator) for _ in range(8)]

    def make(index):
        kind = DocumentKind.ACCEPTANCE if index % 2 else DocumentKind.APPLICATION
        return services.document_make(
            case=cases[index], kind=kind, actor=mediator, today=date(2026, 3, 9)
        ).sequence

    run_in_threads(8, make)
    for kind in (DocumentKind.ACCEPTANCE, DocumentKind.APPLICATION):
        numbers = sorted(CaseDocument.objects.filter(kind=kind).values_list("sequence", flat=True))
        assert numbers == [1, 2, 3, 4]
