from datetime import datetime, time

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, DisputeCategory, District, Industry
from leadership.models import RosterMember
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role


def grant(user, *dotted: str):
    """Give the user these permissions and return them fresh (permissions are cached)."""
    for name in dotted:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def staff(make_user):
    """staff(role, department_code=None, email="") -> a user of that role (its permissions
    come from zhanjiang_union/accounts/roles.py)."""

    def make(role: str, department_code: str | None = None, email: str = ""):
        user = make_user(role, department_code)
        if email:
            user.email = email
            user.save(update_fields=["email"])
        return user

    return make


@pytest.fixture
def leader_in_charge(staff):
    """leader_in_charge(name, department codes, email="") -> the portal account of that
    roster member (a leadership-role user), put in charge of those departments."""

    def make(name: str, codes: list[str], email: str = ""):
        user = staff(Role.LEADERSHIP, email=email)
        member = RosterMember.objects.get(name=name)
        member.user = user
        member.save()
        member.in_charge_of.set(Department.objects.filter(code__in=codes))
        return user

    return make


def local(day, hour=12, minute=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def make_case(seeded):
    """make_case(department=None, created_at=None, closed_at=None, **fields) -> a case
    filed through the service, then moved in time and closed by a queryset update, as
    the report's figures only read these columns."""
    from cases.services import ComplainantInput

    def make(*, department=None, created_at=None, closed_at=None, amount_recovered=0, **fields):
        data = {
            "employer_name": "湛江某某电子有限公司",
            "district": District.objects.get(name="霞山区"),
            "industry": Industry.MANUFACTURING,
            "category": DisputeCategory.objects.get(code="pay"),
            "facts": "工资未发放。",
            "demand": "支付工资。",
            "channel": "web",
            **fields,
        }
        person = ComplainantInput(name="张三", id_number="11010519491231002X", phone="13800138000")
        case, _code = case_services.case_create(complainants=[person], **data)
        changes = {"amount_recovered": amount_recovered}
        if department is not None:
            changes["department"] = department
        if created_at is not None:
            changes["created_at"] = created_at
        if closed_at is not None:
            changes.update(closed_at=closed_at, status="closed", outcome="withdrawn")
        Case.objects.filter(pk=case.pk).update(**changes)
        case.refresh_from_db()
        return case

    return make
