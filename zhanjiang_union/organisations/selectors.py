"""Reads of the organisation tree. Every subtree is a path prefix: one indexed query
whatever the tree's size or depth."""

from django.db.models import QuerySet

from .models import Organisation


def organisation_city() -> Organisation | None:
    """The city federation: the root of the tree (None before `manage.py seed`)."""
    return Organisation.get_root_nodes().first()


def organisation_of(*, user) -> Organisation | None:
    """The organisation a member of staff works for; staff recorded before the grid
    existed (none set) work for the city federation."""
    if getattr(user, "organisation_id", None):
        return user.organisation
    return organisation_city()


def organisation_subtree(*, organisation: Organisation) -> QuerySet[Organisation]:
    """The organisation and every one below it."""
    return Organisation.objects.filter(path__startswith=organisation.path)


def organisation_below(*, organisation: Organisation) -> QuerySet[Organisation]:
    """Every organisation below this one, not itself."""
    return organisation_subtree(organisation=organisation).filter(depth__gt=organisation.depth)


def organisation_line(*, organisation: Organisation) -> list[Organisation]:
    """The organisation and those above it, nearest first (who is told, in order, when
    its case runs late): one query over the path's prefixes."""
    steps = len(organisation.path) // Organisation.steplen
    prefixes = [organisation.path[: i * Organisation.steplen] for i in range(1, steps + 1)]
    return list(Organisation.objects.filter(path__in=prefixes).order_by("-depth"))


def organisation_tree() -> QuerySet[Organisation]:
    """The whole tree in reading order (a parent before its children)."""
    return Organisation.objects.order_by("path")
