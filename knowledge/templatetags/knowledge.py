"""The knowledge base beside other apps' pages: a case's matching laws and guides,
and the search panel of the 12351 desk. One line in their templates each."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.inclusion_tag("knowledge/_case_panel.html", takes_context=True)
def knowledge_for_case(context, case):
    from cases.workflow import Status

    from .. import selectors

    user = context["request"].user
    if not user.has_perm("knowledge.use_knowledge"):
        return {"hidden": True, "knowledge": {}}
    return {
        "case": case,
        "knowledge": selectors.knowledge_for_case(case=case, user=user),
        "can_draft": case.status == Status.CLOSED and user.has_perm("knowledge.add_typicalcase"),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }


@register.inclusion_tag("knowledge/_desk_panel.html", takes_context=True)
def knowledge_desk_panel(context):
    return {"request": context["request"]}
