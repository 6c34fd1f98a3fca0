"""Every write of the knowledge base: typical cases through their review, guides
sent to a caller. Views turn the domain errors into answers."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.workflow import Status
from zhanjiang_union.errors import DomainError
from zhanjiang_union.notifications.services import notify_address

from . import search
from .deidentify import Replacer
from .models import Guide, Lecture, PublicEmployer, TypicalCase


class KnowledgeError(DomainError):
    """A rule of the knowledge base refused the change."""


def employer_is_public(case: Case) -> bool:
    return PublicEmployer.objects.filter(employer_key=case.employer_key).exists()


def _case_text(case: Case) -> dict[str, str]:
    handling = [
        f"{session.scheduled_at:%Y-%m-%d} {session.get_result_display()} {session.result_note}".strip()
        for session in case.sessions.all()
    ]
    agreement = getattr(case, "agreement", None)
    if agreement is not None:
        handling.append(agreement.terms)
    result = [case.outcome_note]
    if case.amount_recovered:
        result.append(_("Amount recovered: %(amount)s yuan") % {"amount": case.amount_recovered})
    return {
        "facts": "\n".join(part for part in [case.facts, case.demand] if part),
        "handling": "\n".join(part for part in handling if part),
        "outcome_note": "\n".join(part for part in result if part),
    }


@transaction.atomic
def typical_case_draft_from_case(*, case: Case, actor) -> TypicalCase:
    """A draft prefilled from a closed case, every personal datum replaced."""
    if case.status != Status.CLOSED:
        raise KnowledgeError(_("Only a closed case can become a typical case."))
    replace = Replacer(case, employer_public=employer_is_public(case))
    text = {name: replace(value) for name, value in _case_text(case).items()}
    draft = TypicalCase.objects.create(
        title=replace(
            _("%(category)s: a case of %(year)s")
            % {"category": case.category.name, "year": case.year}
        ),
        facts=text["facts"],
        handling=text["handling"],
        outcome=case.outcome,
        outcome_note=text["outcome_note"],
        source_case=case,
        department=case.department,
        created_by=actor,
    )
    draft.categories.set([case.category])
    return draft


def _editable_by(typical_case: TypicalCase, actor) -> bool:
    if actor.has_perm("cases.act_on_all_cases"):
        return True
    return (
        actor.has_perm("knowledge.change_typicalcase")
        and typical_case.department_id == actor.department_id
    )


def can_edit(actor, typical_case: TypicalCase) -> bool:
    return typical_case.status != TypicalCase.Status.PUBLISHED and _editable_by(typical_case, actor)


def can_publish(actor, typical_case: TypicalCase) -> bool:
    return (
        typical_case.status == TypicalCase.Status.IN_REVIEW
        and actor.has_perm("knowledge.publish_typicalcase")
        and _editable_by(typical_case, actor)
    )


@transaction.atomic
def typical_case_update(
    *, typical_case: TypicalCase, actor, fields: dict, categories, articles
) -> TypicalCase:
    if not can_edit(actor, typical_case):
        raise KnowledgeError(_("This typical case can no longer be changed here."))
    for name, value in fields.items():
        setattr(typical_case, name, value)
    typical_case.save()
    typical_case.categories.set(categories)
    typical_case.articles.set(articles)
    return typical_case


def _leaks(typical_case: TypicalCase) -> list[str]:
    text = "\n".join(
        [
            typical_case.title,
            typical_case.facts,
            typical_case.handling,
            typical_case.outcome_note,
            typical_case.lesson,
        ]
    )
    if typical_case.source_case is None:
        from .deidentify import EMAIL, ID_NUMBER, MOBILE

        return [m for pattern in (ID_NUMBER, MOBILE, EMAIL) for m in pattern.findall(text)]
    case = typical_case.source_case
    return Replacer(case, employer_public=employer_is_public(case)).leaks(text)


@transaction.atomic
def typical_case_submit(*, typical_case: TypicalCase, actor) -> TypicalCase:
    if typical_case.status != TypicalCase.Status.DRAFT or not _editable_by(typical_case, actor):
        raise KnowledgeError(_("Only a draft can be sent for review."))
    typical_case.status = TypicalCase.Status.IN_REVIEW
    typical_case.save(update_fields=["status", "updated_at"])
    return typical_case


@transaction.atomic
def typical_case_publish(*, typical_case: TypicalCase, actor) -> TypicalCase:
    """A department head publishes a reviewed case; never with personal data left in it."""
    if not actor.has_perm("knowledge.publish_typicalcase") or not _editable_by(typical_case, actor):
        raise KnowledgeError(_("Only a department head may publish a typical case."))
    if typical_case.status != TypicalCase.Status.IN_REVIEW:
        raise KnowledgeError(_("Only a typical case awaiting review can be published."))
    if _leaks(typical_case):
        raise KnowledgeError(
            _(
                "The text still holds personal data of the case (a name, phone, ID number or address). Remove it before publishing."
            )
        )
    typical_case.status = TypicalCase.Status.PUBLISHED
    typical_case.reviewed_by = actor
    typical_case.published_at = timezone.now()
    typical_case.save(update_fields=["status", "reviewed_by", "published_at", "updated_at"])
    search.typical_case_index(typical_case=typical_case)
    return typical_case


@transaction.atomic
def typical_case_return(*, typical_case: TypicalCase, actor) -> TypicalCase:
    """Back to its author as a draft (under review, or withdrawn from the public pages)."""
    if not actor.has_perm("knowledge.publish_typicalcase") or not _editable_by(typical_case, actor):
        raise KnowledgeError(_("Only a department head may return a typical case."))
    if typical_case.status == TypicalCase.Status.DRAFT:
        raise KnowledgeError(_("This typical case is already a draft."))
    typical_case.status = TypicalCase.Status.DRAFT
    typical_case.published_at = None
    typical_case.save(update_fields=["status", "published_at", "updated_at"])
    search.typical_case_index(typical_case=typical_case)
    return typical_case


def guide_sms_text(guide: Guide) -> str:
    from django.urls import reverse

    return _("Zhanjiang FTU: %(title)s %(url)s Workers’ rights hotline 12351") % {
        "title": guide.title,
        "url": f"{settings.PUBLIC_BASE_URL}{reverse('knowledge:guide', args=[guide.slug])}",
    }


def guide_sms_send(*, guide: Guide, phone: str, actor) -> None:
    """Text a guide's link to a caller, after the request's transaction commits."""
    if not guide.published:
        raise KnowledgeError(_("This guide is not published."))
    # Through the outbox: sent after commit, or by the periodic pass while the broker is
    # down; the caller's number never travels through the broker.
    notify_address(phone=phone, subject=guide.title, body=guide_sms_text(guide))


def guide_save(*, guide: Guide) -> None:
    """After an admin saved a guide and its links: the index follows."""
    search.guide_index(guide=guide)


LECTURE_FIELDS = ("title", "speaker", "starts_at", "place", "audience", "summary", "published")


@transaction.atomic
def lecture_save(*, lecture: Lecture | None, actor, fields: dict, activity=None) -> Lecture:
    """Announce a lecture of the 普法大讲堂 or change one; a new one belongs to the
    author's department. The activity linked must be a lecture of that department."""
    if lecture is None:
        if actor.department_id is None:
            raise KnowledgeError(_("Only staff of a department can announce a lecture."))
        lecture = Lecture(created_by=actor, department_id=actor.department_id)
    if activity is not None and (
        activity.kind != "lecture" or activity.department_id != lecture.department_id
    ):
        raise KnowledgeError(_("Link a lecture recorded by the same department."))
    for name in LECTURE_FIELDS:
        setattr(lecture, name, fields[name])
    lecture.activity = activity
    lecture.save()
    return lecture
