"""Writes to the organisation tree: the reference data `manage.py seed` loads and the
demo grid of `seed --demo`."""

from django.db import transaction

from zhanjiang_union import seed_data
from zhanjiang_union.localnames import english_names_fill

from .models import Mediator, MediatorQualification, Organisation


def _child_ensure(parent: Organisation, *, code: str, **fields) -> tuple[Organisation, bool]:
    existing = Organisation.objects.filter(code=code).first()
    if existing is not None:
        return existing, False
    return parent.add_child(code=code, **fields), True


@transaction.atomic
def organisations_load() -> dict[str, int]:
    """The city federation and the nine county-level federations, by their real names;
    each county-level federation's code is its district's, so the routing rules that
    cases seed can pair them. Existing rows are left as an administrator edited them."""
    created = 0
    city = Organisation.objects.filter(code=seed_data.CITY_FEDERATION_CODE).first()
    if city is None:
        city = Organisation.add_root(
            code=seed_data.CITY_FEDERATION_CODE,
            name=seed_data.CITY_FEDERATION,
            kind=Organisation.Kind.CITY,
            area="湛江市",
            has_mediation_committee=True,
        )
        created += 1
    for code, name, area in seed_data.COUNTY_FEDERATIONS:
        _organisation, new = _child_ensure(
            city,
            code=code,
            name=name,
            kind=Organisation.Kind.COUNTY,
            area=area,
            has_mediation_committee=True,
        )
        created += new
    english_names_fill(Organisation.objects.all(), seed_data.ORGANISATION_NAMES_EN)
    return {"organisations": created}


@transaction.atomic
def organisations_demo_load() -> int:
    """A few townships of 雷州市, an industrial park's union and enterprise mediation
    committees, all marked as demo records. Returns how many were created."""
    organisations_load()
    created = 0
    for code, name, kind, parent_code, area in seed_data.DEMO_ORGANISATIONS:
        parent = Organisation.objects.get(code=parent_code)
        _organisation, new = _child_ensure(
            parent,
            code=code,
            name=name,
            kind=kind,
            area=area,
            has_mediation_committee=kind in ("township", "committee"),
            is_demo=True,
        )
        created += new
    english_names_fill(Organisation.objects.all(), seed_data.ORGANISATION_NAMES_EN)
    return created


@transaction.atomic
def mediators_demo_load() -> int:
    """The demo mediators' register, linked to the demo accounts that exist."""
    from datetime import date

    from zhanjiang_union.accounts.models import User

    created = 0
    for name, kind, code, username, areas, items in seed_data.DEMO_MEDIATORS:
        organisation = Organisation.objects.filter(code=code).first()
        if (
            organisation is None
            or Mediator.objects.filter(organisation=organisation, name=name).exists()
        ):
            continue
        mediator = Mediator.objects.create(
            organisation=organisation,
            name=name,
            kind=kind,
            user=User.objects.filter(username=username).first() if username else None,
            areas=areas,
            is_demo=True,
        )
        MediatorQualification.objects.bulk_create(
            MediatorQualification(
                mediator=mediator, kind=item_kind, title=title, obtained_on=date.fromisoformat(day)
            )
            for item_kind, title, day in items
        )
        created += 1
    return created


def mediator_end(*, mediator: Mediator, on) -> Mediator:
    """End a mediator's active period on `on` (the register keeps them, as having served;
    their history says who ended it and when)."""
    mediator.active_until = on
    mediator.save(update_fields=["active_until"])
    return mediator
