"""Searches for personal data (a phone, an ID number, a name) without putting them in a URL.

Web-server access logs, browser histories and Referer headers keep every URL: a phone
number in `?phone=` would be in all of them. The search form is posted instead; what it
holds in its personal fields is kept in the session under an opaque id, and the browser is
sent to the list's URL with the other filters as usual (bookmarkable, linkable from the
dashboard) and `?search=<id>` for the rest. Pagination carries the id along.
"""

import secrets

from django.http import HttpResponseRedirect, QueryDict

SESSION_KEY = "searches"
KEEP = 20  # the most recent searches of a session; older ids just stop matching
PARAM = "search"


def search_redirect(request, *, url: str, personal: tuple[str, ...]) -> HttpResponseRedirect:
    """Answer to a posted search form: to `url` with the non-personal filters in its
    query string and the personal ones stored under an opaque id."""
    data = request.POST.copy()
    for key in ("csrfmiddlewaretoken", "page", PARAM):
        data.pop(key, None)
    held = {key: data.pop(key) for key in personal if key in data}
    held = {key: values for key, values in held.items() if any(v.strip() for v in values)}
    if held:
        searches = request.session.get(SESSION_KEY, {})
        search_id = secrets.token_urlsafe(9)
        searches[search_id] = held
        request.session[SESSION_KEY] = dict(list(searches.items())[-KEEP:])
        data[PARAM] = search_id
    query = data.urlencode()
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


def search_params(request, *, personal: tuple[str, ...]) -> QueryDict:
    """The list's filters: the query string's, with the personal ones taken only from the
    search stored under ?search= (one typed into a URL is not read)."""
    data = request.GET.copy()
    for key in personal:
        data.pop(key, None)
    held = request.session.get(SESSION_KEY, {}).get(request.GET.get(PARAM, ""), {})
    for key, values in held.items():
        if key in personal:
            data.setlist(key, values)
    return data
