"""For data migrations: the city federation, on the historical models (which lack
treebeard's methods), so that staff and cases recorded before the grid can join it."""

from zhanjiang_union import seed_data

ROOT_PATH = "0001"  # treebeard's first root with its default four-character steps


def city_ensure(apps):
    Organisation = apps.get_model("organisations", "Organisation")
    city = Organisation.objects.filter(depth=1).order_by("path").first()
    if city is None:
        city = Organisation.objects.create(
            path=ROOT_PATH,
            depth=1,
            numchild=0,
            code=seed_data.CITY_FEDERATION_CODE,
            name=seed_data.CITY_FEDERATION,
            kind="city",
            area="湛江市",
            has_mediation_committee=True,
        )
    return city
