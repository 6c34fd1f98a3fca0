"""Reads of the knowledge base, filtered by who asks."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from cases.models import Case, DeadlineRule

from . import search
from .models import Article, Division, Guide, Law, Lecture, SearchDocument, TypicalCase


def guides_published() -> QuerySet[Guide]:
    return Guide.objects.filter(published=True).select_related("category")


def guide_for_public(slug: str) -> Guide | None:
    return (
        guides_published()
        .prefetch_related(
            Prefetch("deadline_rules", queryset=DeadlineRule.objects.order_by("id")),
            Prefetch(
                "articles", queryset=Article.objects.select_related("law").order_by("law", "order")
            ),
        )
        .filter(slug=slug)
        .first()
    )


def laws() -> QuerySet[Law]:
    return Law.objects.all()


def law_with_articles(pk: int) -> Law | None:
    return (
        Law.objects.prefetch_related(
            Prefetch("divisions", queryset=Division.objects.order_by("order")),
            Prefetch("articles", queryset=Article.objects.order_by("order")),
        )
        .filter(pk=pk)
        .first()
    )


def article_for_public(pk: int) -> Article | None:
    return (
        Article.objects.select_related("law", "chapter", "section")
        .prefetch_related(
            Prefetch("guides", queryset=Guide.objects.filter(published=True)),
            Prefetch(
                "typical_cases",
                queryset=TypicalCase.objects.filter(status=TypicalCase.Status.PUBLISHED),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def typical_cases_published() -> QuerySet[TypicalCase]:
    return TypicalCase.objects.filter(status=TypicalCase.Status.PUBLISHED).prefetch_related(
        "categories"
    )


def typical_case_for_public(pk: int) -> TypicalCase | None:
    return (
        typical_cases_published()
        .prefetch_related(Prefetch("articles", queryset=Article.objects.select_related("law")))
        .filter(pk=pk)
        .first()
    )


def typical_cases_for_staff(user) -> QuerySet[TypicalCase]:
    rows = TypicalCase.objects.select_related("created_by", "reviewed_by", "department")
    if user.has_perm("cases.act_on_all_cases"):
        return rows
    return rows.filter(department_id=user.department_id)


def knowledge_for_case(*, case: Case, user=None, limit: int = 5) -> dict:
    """Beside a case: the guides and published typical cases of its category, the
    articles they apply, the articles its facts find, and (for staff) similar closed
    cases of the union."""
    guides = list(guides_published().filter(category_id=case.category_id)[:limit])
    typical = list(
        typical_cases_published()
        .filter(categories=case.category_id)
        .exclude(source_case=case)[:limit]
    )
    linked = (
        list(Article.objects.filter(guides__in=guides).select_related("law").distinct()[:limit])
        if guides
        else []
    )
    found = search.search(
        f"{case.facts} {case.demand}",
        limit=limit,
        kinds=[SearchDocument.Kind.ARTICLE],
        remember=False,
    )
    seen = {article.pk for article in linked}
    articles = [{"title": str(a), "url": _article_url(a.pk)} for a in linked]
    articles += [
        {"title": hit.title, "url": hit.url, "snippet": hit.snippet}
        for hit in found
        if hit.object_id not in seen
    ]
    return {
        "guides": guides,
        "typical_cases": typical,
        "articles": articles[:limit],
        "similar": similar_closed_cases(case=case, user=user, limit=limit) if user else [],
    }


# Ranked by words first; of these the employer's industry and the claim reorder.
SIMILAR_CANDIDATES = 30


def _claims_alike(case: Case, other: Case) -> bool:
    if case.is_collective != other.is_collective:
        return False
    if not case.amount_claimed or not other.amount_claimed:
        return not case.amount_claimed and not other.amount_claimed
    ratio = other.amount_claimed / case.amount_claimed
    return 0.5 <= ratio <= 2


def similar_closed_cases(*, case: Case, user, limit: int = 5) -> list[dict]:
    """Closed cases like this one: of its category, ranked by the words of their facts
    and demand (knowledge.search), then by the employer's industry and a claim of the
    same kind and size. Figures only: no name, no text, no employer, nothing of the
    other workers; a link only to those the reader may open. Three queries."""
    from django.urls import reverse

    from cases import access as case_access
    from cases.workflow import Status

    ids = search.similar_ids(
        f"{case.facts} {case.demand}",
        category_code=case.category.code,
        limit=SIMILAR_CANDIDATES + 1,
    )
    ids = [pk for pk in ids if pk != case.pk][:SIMILAR_CANDIDATES]
    if not ids:
        return []
    rank = {pk: position for position, pk in enumerate(ids)}
    others = Case.objects.filter(
        pk__in=ids, status=Status.CLOSED, personal_data_removed_at__isnull=True
    ).only(
        "number", "closed_at", "outcome", "industry", "is_collective", "workers_involved",
        "amount_claimed", "amount_recovered", "department_id", "filed_by_id",
        "registered_by_id",
    )  # fmt: skip

    def score(other: Case) -> float:
        value = -rank[other.pk] / len(ids)
        if other.industry == case.industry:
            value += 1.0
        if _claims_alike(case, other):
            value += 0.5
        return value

    best = sorted(others, key=lambda other: (-score(other), rank[other.pk]))[:limit]
    # Which of them the reader may open, in one query whatever their number.
    readable = set(
        case_access.cases_visible_to(user)
        .filter(pk__in=[other.pk for other in best])
        .values_list("pk", flat=True)
    )
    return [
        {
            "number": other.number,
            "url": reverse("cases:detail", args=[other.pk]) if other.pk in readable else "",
            "closed_on": other.closed_at,
            "outcome": other.get_outcome_display(),
            "industry": other.get_industry_display(),
            "same_industry": other.industry == case.industry,
            "workers": other.workers_involved,
            "amount_claimed": other.amount_claimed,
            "amount_recovered": other.amount_recovered,
        }
        for other in best
    ]


def _article_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("knowledge:article", args=[pk])


def lectures_published() -> QuerySet[Lecture]:
    return Lecture.objects.filter(published=True)


def lectures_upcoming(*, now: datetime) -> QuerySet[Lecture]:
    """Published lectures still to come, soonest first."""
    return lectures_published().filter(starts_at__gte=now).order_by("starts_at", "id")


def lectures_past(*, now: datetime) -> QuerySet[Lecture]:
    """Published lectures already held, the latest first."""
    return lectures_published().filter(starts_at__lt=now).order_by("-starts_at", "-id")


def lecture_for_public(pk: int) -> Lecture | None:
    return lectures_published().select_related("department").filter(pk=pk).first()


def lectures_for_staff(user) -> QuerySet[Lecture]:
    """Admins see every department's lectures; staff their own department's."""
    rows = Lecture.objects.select_related("department", "activity")
    if user.has_perm("cases.act_on_all_cases"):
        return rows
    return rows.filter(department_id=user.department_id)
