from zhanjiang_union.accounts.roles import Role

from .selectors import jobs_late


def jobs_late_banner(request) -> dict:
    """The periodic jobs that stopped keeping their schedule, for administrators (a red
    banner on every page): a stopped beat or worker escalates nothing, silently."""
    user = getattr(request, "user", None)
    # is_authenticated first: anonymous visitors cost no query.
    if user is None or not user.is_authenticated:
        return {}
    if not (user.is_superuser or user.has_role(Role.ADMIN)):
        return {}
    return {"jobs_late": jobs_late()}
