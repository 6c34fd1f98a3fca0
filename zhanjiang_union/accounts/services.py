from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from zhanjiang_union import seed_data
from zhanjiang_union.localnames import english_names_fill
from zhanjiang_union.organisations.models import Organisation

from .models import Department, User
from .roles import ROLE_PERMISSIONS, Role


def departments_load() -> dict[str, int]:
    """The union's departments that are missing, in the plan's order."""
    created = 0
    for order, (code, name) in enumerate(seed_data.DEPARTMENTS, start=1):
        _department, new = Department.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
        created += new
    english_names_fill(Department.objects.all(), seed_data.DEPARTMENT_NAMES_EN)
    return {"departments": created}


def roles_sync() -> None:
    """Make each role's group hold exactly the permissions listed in roles.py."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            # .get() so that a permission named in roles.py but missing from
            # the models fails loudly instead of silently granting less.
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


@dataclass
class DemoAccount:
    role: str
    username: str
    password: str
    created: bool


# (username, role, full name, department code, organisation code): the city federation's
# staff have a department; the county and township federations' have none.
CITY = seed_data.CITY_FEDERATION_CODE
DEMO_ACCOUNTS = [
    ("worker", Role.WORKER, "李职工", None, None),
    ("operator", Role.HOTLINE_OPERATOR, "黄接线", "service-centre", CITY),
    ("mediator", Role.MEDIATOR, "陈调解", "rights", CITY),
    ("head", Role.DEPARTMENT_HEAD, "冉荣华", "rights", CITY),
    ("leader", Role.LEADERSHIP, "朱华雄", None, CITY),
    ("admin", Role.ADMIN, "管理员", "office", CITY),
    ("leizhou_head", Role.DEPARTMENT_HEAD, "林志强", None, "leizhou"),
    ("kelu_head", Role.DEPARTMENT_HEAD, "吴海燕", None, "leizhou-kelu"),
    ("kelu_mediator", Role.MEDIATOR, "梁文杰", None, "leizhou-kelu"),
    ("fucheng_mediator", Role.MEDIATOR, "符晓东", None, "leizhou-fucheng"),
]
# Printed by `seed --demo`, which refuses to run when PRODUCTION=1.
DEMO_PASSWORD = "zjgh-demo-2026"  # noqa: S105


@transaction.atomic
def demo_accounts_create() -> list[DemoAccount]:
    accounts = []
    for username, role, full_name, dept_code, organisation_code in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "department": Department.objects.filter(code=dept_code).first(),
                "organisation": Organisation.objects.filter(code=organisation_code).first(),
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
        accounts.append(DemoAccount(role.value, username, DEMO_PASSWORD, created))
    return accounts
