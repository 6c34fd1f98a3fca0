"""What a paged list's links carry: the page's own query string, less the parameters
named (its page number; on a page with two lists, each list's own), so that paging one
list keeps the filters and the other list's page. Used with `templates/_pagination.html`
(`query=`)."""


def query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
