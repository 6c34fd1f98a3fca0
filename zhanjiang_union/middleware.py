"""Responses that must never be kept by a browser or a proxy cache."""


class NoStoreMiddleware:
    """Every page and file the application itself answers (staff pages, the case page,
    evidence downloads, the worker's tracking result and receipt with its query code) is
    `Cache-Control: no-store, private`: a shared or borrowed computer keeps no copy of an
    ID number or a phone, and no proxy serves one to someone else. Static files are
    answered by WhiteNoise before this runs, with their own long cache lifetime; a view
    that sets its own Cache-Control keeps it, if it forbids storing too."""

    VALUE = "no-store, private"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        existing = response.get("Cache-Control", "")
        if "no-store" not in existing or "private" not in existing:
            response["Cache-Control"] = self.VALUE
        return response
