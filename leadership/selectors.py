from django.db.models import Q
from django.utils import timezone

from .models import RosterMember


def roster_active_members():
    today = timezone.localdate()
    return (
        RosterMember.objects.filter(Q(active_from__isnull=True) | Q(active_from__lte=today))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .select_related("department")
        .order_by("order", "id")
    )


def roster_by_group_role() -> list[tuple[str, list[RosterMember]]]:
    """[(role label, members)] in the order of the appendix: 组长 first, 成员 last."""
    members = list(roster_active_members())
    groups = []
    for role in RosterMember.GroupRole:
        in_role = [member for member in members if member.group_role == role]
        if in_role:
            groups.append((role.label, in_role))
    return groups


def roster_office_director() -> RosterMember | None:
    return roster_active_members().filter(is_office_director=True).first()
