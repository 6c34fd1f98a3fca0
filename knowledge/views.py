"""The public section (/law/: no account, no personal data, GET only) and the
staff pages beside it (typical cases under review, search and SMS at the desk)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases import access as case_access
from cases.models import DeadlineRule
from zhanjiang_union.access import permission_required

from . import search, selectors, services
from .forms import GuideSmsForm, LectureForm, SearchForm, TypicalCaseForm
from .models import Guide, TypicalCase

RESULTS = 30
PER_PAGE = 20


def _query(request) -> tuple[SearchForm, str]:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    return form, query


def index(request):
    return render(
        request,
        "knowledge/index.html",
        {
            "form": SearchForm(),
            "guides": selectors.guides_published(),
            "laws": selectors.laws(),
            "typical_cases": selectors.typical_cases_published()[:5],
        },
    )


def search_page(request):
    form, query = _query(request)
    hits = search.search(query, limit=RESULTS) if query else []
    return render(
        request,
        "knowledge/search.html",
        {"form": form, "query": query, "hits": hits},
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def law_detail(request, pk: int):
    law = selectors.law_with_articles(pk)
    if law is None:
        raise Http404
    articles_by_division: dict[int | None, list] = {}
    for article in law.articles.all():
        articles_by_division.setdefault(article.section_id or article.chapter_id, []).append(
            article
        )
    outline = [
        {"division": division, "articles": articles_by_division.get(division.pk, [])}
        for division in law.divisions.all()
    ]
    return render(
        request,
        "knowledge/law_detail.html",
        {"law": law, "outline": outline, "loose": articles_by_division.get(None, [])},
    )


def article_detail(request, pk: int):
    article = selectors.article_for_public(pk)
    if article is None:
        raise Http404
    return render(request, "knowledge/article_detail.html", {"article": article})


def guide_detail(request, slug: str):
    guide = selectors.guide_for_public(slug)
    if guide is None:
        raise Http404
    complaint_url = (
        reverse("cases:complaint_new") + "?" + urlencode({"category": guide.category.code})
    )
    return render(
        request,
        "knowledge/guide_detail.html",
        {
            "guide": guide,
            "rules": guide.deadline_rules.all(),
            "complaint_url": complaint_url,
            "working": DeadlineRule.Unit.WORKING,
        },
    )


def typical_case_list(request):
    page = Paginator(selectors.typical_cases_published(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "knowledge/typical_case_list.html", {"page": page})


def typical_case_detail(request, pk: int):
    typical_case = selectors.typical_case_for_public(pk)
    if typical_case is None:
        raise Http404
    return render(request, "knowledge/typical_case_detail.html", {"typical_case": typical_case})


def lecture_list(request):
    """工会普法大讲堂: what is coming (all of it, soonest first: a handful) and what was
    held (paged, latest first)."""
    now = timezone.now()
    past = Paginator(selectors.lectures_past(now=now), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/lecture_list.html",
        {
            "upcoming": selectors.lectures_upcoming(now=now)[:PER_PAGE],
            "page": past,
        },
    )


def lecture_detail(request, pk: int):
    lecture = selectors.lecture_for_public(pk)
    if lecture is None:
        raise Http404
    return render(
        request,
        "knowledge/lecture_detail.html",
        {"lecture": lecture, "upcoming": lecture.starts_at >= timezone.now()},
    )


# --- Staff ---------------------------------------------------------------------------


@permission_required("knowledge.use_knowledge")
def staff_search(request):
    """Search while on a call: the whole page, or (partial=1) the results alone for the
    desk's panel, each guide with a form to text its link to the caller."""
    form, query = _query(request)
    hits = search.search(query, limit=10, as_you_type=True) if query else []
    context = {
        "form": form,
        "query": query,
        "hits": hits,
        "sms_form": GuideSmsForm(),
        "can_text": request.user.has_perm("hotline.use_desk"),
        "guide_slugs": _guide_slugs(hits),
    }
    if request.GET.get("partial") == "1":
        return render(request, "knowledge/_staff_results.html", context)
    return render(request, "knowledge/staff_search.html", context)


def _guide_slugs(hits) -> dict[int, str]:
    ids = [hit.object_id for hit in hits if hit.kind == "guide"]
    return dict(Guide.objects.filter(pk__in=ids).values_list("pk", "slug")) if ids else {}


@require_POST
@permission_required("hotline.use_desk")
def guide_sms(request, slug: str):
    guide = Guide.objects.filter(slug=slug, published=True).first()
    if guide is None:
        raise Http404
    form = GuideSmsForm(request.POST)
    partial = request.headers.get("X-Requested-With") == "fetch"
    if form.is_valid():
        try:
            services.guide_sms_send(
                guide=guide, phone=form.cleaned_data["phone"], actor=request.user
            )
        except services.KnowledgeError as error:
            form.add_error(None, error.message)
    if form.is_valid():
        from zhanjiang_union.notifications.backends import mask_phone

        text = _("The link to “%(title)s” was texted to %(phone)s.") % {
            "title": guide.title,
            "phone": mask_phone(form.cleaned_data["phone"]),
        }
        if partial:
            return HttpResponse(
                f'<p class="text-success small mb-0" role="status">{_escape(text)}</p>'
            )
        messages.success(request, text)
        return redirect(reverse("knowledge:staff_search") + "?" + urlencode({"q": guide.title}))
    errors = " ".join(str(e) for e in form.errors.get("phone", form.non_field_errors()))
    if partial:
        return HttpResponse(
            f'<p class="text-danger small mb-0" role="alert">{_escape(errors)}</p>', status=400
        )
    return render(
        request,
        "knowledge/staff_search.html",
        {"form": SearchForm(), "query": "", "hits": [], "sms_error": errors, "guide": guide},
        status=400,
    )


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


@permission_required("knowledge.change_typicalcase")
def typical_case_staff_list(request):
    rows = selectors.typical_cases_for_staff(request.user)
    return render(request, "knowledge/staff_typical_case_list.html", {"typical_cases": rows})


@require_POST
@permission_required("knowledge.add_typicalcase")
def typical_case_new(request, case_pk: int):
    case = case_access.case_for_user(request.user, case_pk)
    try:
        draft = services.typical_case_draft_from_case(case=case, actor=request.user)
    except services.KnowledgeError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", pk=case.pk)
    messages.success(
        request,
        _(
            "A draft typical case was written from the case, personal data removed. Read it before sending it for review."
        ),
    )
    return redirect("knowledge:staff_typical_case", pk=draft.pk)


def _staff_typical_case(request, pk: int) -> TypicalCase:
    typical_case = selectors.typical_cases_for_staff(request.user).filter(pk=pk).first()
    if typical_case is None:
        raise Http404
    return typical_case


@permission_required("knowledge.change_typicalcase")
def typical_case_edit(request, pk: int):
    typical_case = _staff_typical_case(request, pk)
    editable = services.can_edit(request.user, typical_case)
    form = TypicalCaseForm(request.POST or None, instance=typical_case)
    status = 200
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This typical case can no longer be changed here."))
            return redirect("knowledge:staff_typical_case", pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            services.typical_case_update(
                typical_case=typical_case,
                actor=request.user,
                fields={name: data[name] for name in TypicalCaseForm.Meta.fields},
                categories=data["categories"],
                articles=data["articles"],
            )
            messages.success(request, _("Typical case saved."))
            return redirect("knowledge:staff_typical_case", pk=pk)
        status = 400
    return render(
        request,
        "knowledge/staff_typical_case.html",
        {
            "typical_case": typical_case,
            "form": form,
            "editable": editable,
            "can_publish": services.can_publish(request.user, typical_case),
            "can_return": request.user.has_perm("knowledge.publish_typicalcase")
            and typical_case.status != TypicalCase.Status.DRAFT,
        },
        status=status,
    )


ACTIONS = {
    "submit": (
        services.typical_case_submit,
        gettext_lazy("Sent to the department head for review."),
    ),
    "publish": (services.typical_case_publish, gettext_lazy("Published on the public pages.")),
    "return": (services.typical_case_return, gettext_lazy("Returned to its author as a draft.")),
}


@require_POST
@permission_required("knowledge.change_typicalcase")
def typical_case_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    typical_case = _staff_typical_case(request, pk)
    service, done = ACTIONS[action]
    try:
        service(typical_case=typical_case, actor=request.user)
    except services.KnowledgeError as error:
        messages.error(request, error.message)
        return redirect("knowledge:staff_typical_case", pk=pk)
    messages.success(request, str(done))
    return redirect("knowledge:staff_typical_case", pk=pk)


@permission_required("knowledge.change_lecture")
def lecture_staff_list(request):
    page = Paginator(selectors.lectures_for_staff(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "knowledge/staff_lecture_list.html", {"page": page})


@permission_required("knowledge.add_lecture", "knowledge.change_lecture")
def lecture_edit(request, pk: int | None = None):
    """Announce a lecture (no pk) or change one of the department's."""
    lecture = None
    if pk is not None:
        lecture = selectors.lectures_for_staff(request.user).filter(pk=pk).first()
        if lecture is None:
            raise Http404
    department = lecture.department if lecture else request.user.department
    form = LectureForm(request.POST or None, instance=lecture, department=department)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.lecture_save(
                    lecture=lecture,
                    actor=request.user,
                    fields={name: form.cleaned_data[name] for name in services.LECTURE_FIELDS},
                    activity=form.cleaned_data["activity"],
                )
            except services.KnowledgeError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                messages.success(request, _("Lecture saved."))
                return redirect("knowledge:staff_lecture", pk=saved.pk)
        else:
            status = 400
    return render(
        request,
        "knowledge/staff_lecture_form.html",
        {"form": form, "lecture": lecture},
        status=status,
    )
