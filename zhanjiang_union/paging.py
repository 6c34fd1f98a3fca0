"""Paged lists: what their links carry (`query_without`: the page's own query string, less
the parameters named: its page number; on a page with two lists, each list's own, so that
paging one list keeps the filters and the other list's page; used with
`templates/_pagination.html`, `query=`), and a paginator that counts only so far."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: beyond it the list says "more than cap" and pages that far.
    A city head may read most of a million cases; counting them all (a scan of every open
    case) would cost more than the rest of the page, and nobody pages through 10,000."""

    def __init__(self, object_list, per_page, *, cap: int, **options):
        super().__init__(object_list, per_page, **options)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        # In no order: the rows the filter finds first are as good as any to count.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def shown(self) -> int:
        """The count to show: exact up to the cap, else the cap ("more than")."""
        return min(self.count, self.cap)


def query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
