"""Which union organisation a new complaint goes to: the one that covers the employer's
location, by the admin-edited routing rules, the most specific first (a township named
in the employer's address, then the district), else the city federation. Every way in
(the complaint form, the 12351 desk, the API) files through services.case_create,
which asks here."""

import copy

from django.utils import timezone

from zhanjiang_union.kept import kept
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import organisation_city

from .models import RoutingRule


def _routing_table() -> dict:
    """Every rule with its organisation, by district, and the city: a few hundred rows,
    kept per process (zhanjiang_union/kept.py)."""
    by_district: dict[int, list[RoutingRule]] = {}
    for rule in RoutingRule.objects.select_related("organisation").order_by("pk"):
        by_district.setdefault(rule.district_id, []).append(rule)
    return {"rules": by_district, "city": organisation_city()}


def case_route(*, district, employer_address: str = "") -> Organisation | None:
    table = kept("cases.routing", _routing_table)
    address = employer_address or ""
    best = None
    today = timezone.localdate()
    for rule in table["rules"].get(getattr(district, "pk", district), ()):
        until = rule.organisation.active_until
        if until is not None and until < today:
            continue  # closed: its complaints go to the next level up
        if rule.township and rule.township in address:
            # The longest name is the most specific (雷城街道 over 雷城).
            if best is None or not best.township or len(rule.township) > len(best.township):
                best = rule
        elif not rule.township and best is None:
            best = rule
    chosen = best.organisation if best else table["city"]
    # A copy: the kept row is shared by every request of this process.
    return copy.copy(chosen) if chosen is not None else None
