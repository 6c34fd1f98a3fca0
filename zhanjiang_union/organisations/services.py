"""Writes to the organisation tree: the reference data `manage.py seed` loads and the
demo grid of `seed --demo`."""

from django.db import transaction

from zhanjiang_union import seed_data

from .models import Organisation


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
    return created
