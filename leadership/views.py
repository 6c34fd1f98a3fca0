from django.shortcuts import render

from zhanjiang_union.access import permission_required

from . import selectors


@permission_required("leadership.view_rostermember")
def roster(request):
    return render(
        request,
        "leadership/roster.html",
        {
            "groups": selectors.roster_by_group_role(),
            "office_director": selectors.roster_office_director(),
        },
    )
