"""Which union organisation a new complaint goes to: the one that covers the employer's
location, by the admin-edited routing rules, the most specific first (a township named
in the employer's address, then the district), else the city federation. Every way in
(the complaint form, the 12351 desk, the API) files through services.case_create,
which asks here."""

from django.utils import timezone

from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import organisation_city

from .models import RoutingRule


def case_route(*, district, employer_address: str = "") -> Organisation | None:
    """One query for the district's rules (a handful), then the city if none fits."""
    rules = RoutingRule.objects.filter(district=district).select_related("organisation")
    address = employer_address or ""
    best = None
    today = timezone.localdate()
    for rule in rules:
        until = rule.organisation.active_until
        if until is not None and until < today:
            continue  # closed: its complaints go to the next level up
        if rule.township and rule.township in address:
            # The longest name is the most specific (雷城街道 over 雷城).
            if best is None or not best.township or len(rule.township) > len(best.township):
                best = rule
        elif not rule.township and best is None:
            best = rule
    return best.organisation if best else organisation_city()
