"""The public section /law/: no account, readable on a phone, shareable, light."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import DeadlineRule
from knowledge import search
from knowledge.importer import law_import
from knowledge.models import Guide, TypicalCase

from .conftest import CORPUS_LAW

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def _og(page: str, prop: str) -> str:
    match = re.search(rf'<meta property="og:{prop}" content="([^"]*)"', page)
    assert match, f"no og:{prop}"
    return match.group(1)


def test_a_worker_searches_and_finds_guide_article_and_typical_case(client, corpus):
    response = client.get(reverse("knowledge:search"), {"q": "加班费 不给"})
    assert response.status_code == 200
    page = response.content.decode()
    hits = re.findall(r'data-kind="(\w+)"', page)
    assert hits[0] == "guide"
    assert {"guide", "article", "typical_case"} <= set(hits)
    assert "<mark>加班费</mark>" in page
    assert "被拖欠工资怎么办" in page
    assert response["Content-Type"].startswith("text/html")


def test_the_public_navigation_links_the_section(client, corpus):
    page = client.get("/").content.decode()
    assert 'href="/law/"' in page


def test_the_guide_files_a_complaint_with_its_category(client, corpus):
    page = client.get(reverse("knowledge:guide", args=["unpaid-wages"])).content.decode()
    assert 'href="/complaints/new/?category=pay"' in page
    form = client.get("/complaints/new/?category=pay").content.decode()
    selected = re.search(r'<select name="category"[^>]*>.*?</select>', form, re.S).group(0)
    assert re.search(r'<option value="\d+" selected>劳动报酬', selected)
    # An unknown code selects nothing and breaks nothing.
    form = client.get("/complaints/new/?category=nope").content.decode()
    assert " selected>劳动报酬" not in form


def test_guide_time_limits_are_read_from_the_rule_table(client, corpus):
    url = reverse("knowledge:guide", args=["unpaid-wages"])

    def mediation_line():
        page = client.get(url).content.decode()
        limits = re.search(r'data-testid="time-limits">(.*?)</ul>', page, re.S).group(1)
        label = DeadlineRule.objects.get(key="mediation").label
        return next(line for line in limits.split("</li>") if f"<strong>{label}</strong>" in line)

    assert re.search(r"\D15\D", mediation_line())
    rule = DeadlineRule.objects.get(key="mediation")
    rule.limit = 20
    rule.save()
    assert re.search(r"\D20\D", mediation_line()) and not re.search(r"\D15\D", mediation_line())


def test_pages_carry_open_graph_title_and_description(client, corpus):
    guide = Guide.objects.get(slug="work-injury")
    page = client.get(reverse("knowledge:guide", args=[guide.slug])).content.decode()
    assert _og(page, "title") == "工伤了怎么办"
    assert _og(page, "description").startswith("在工作时间和工作场所内")
    article = corpus["law"].articles.get(number=2)
    page = client.get(reverse("knowledge:article", args=[article.pk])).content.decode()
    assert _og(page, "title") == "《示范劳动权益条例》第二条"
    assert "加班费" in _og(page, "description")
    page = client.get(
        reverse("knowledge:typical_case", args=[corpus["typical"].pk])
    ).content.decode()
    assert _og(page, "title") == corpus["typical"].title


def test_unpublished_typical_cases_and_guides_are_not_public(client, corpus):
    draft = TypicalCase.objects.create(title="草稿", facts="未发布")
    assert client.get(reverse("knowledge:typical_case", args=[draft.pk])).status_code == 404
    Guide.objects.filter(slug="work-injury").update(published=False)
    assert client.get(reverse("knowledge:guide", args=["work-injury"])).status_code == 404
    assert "草稿" not in client.get(reverse("knowledge:typical_cases")).content.decode()


def test_the_law_reads_chapter_by_chapter_and_says_when_it_is_not_in_force(client, corpus):
    law = corpus["law"]
    page = client.get(reverse("knowledge:law", args=[law.pk])).content.decode()
    assert (
        page.index("第一章 总则")
        < page.index("第一条")
        < page.index("第二章")
        < page.index("第二条")
    )
    assert "not the law in force" not in page and "不是现行有效" not in page
    law.status = "repealed"
    law.save()
    page = client.get(reverse("knowledge:law", args=[law.pk])).content.decode()
    assert 'data-testid="law-status">' in page and 'role="note"' in page


def test_bad_queries_get_an_answer_not_an_error(client, corpus):
    assert client.get(reverse("knowledge:search"), {"q": "x" * 101}).status_code == 400
    for query in ['"', "'; DROP TABLE", '加班费" OR "', "\x00", "的"]:
        response = client.get(reverse("knowledge:search"), {"q": query})
        assert response.status_code in (200, 400)
    assert client.get(reverse("knowledge:article", args=[999999])).status_code == 404


def test_public_pages_use_no_script_but_the_portal_s_own(client, corpus):
    page = client.get(reverse("knowledge:search"), {"q": "工伤"}).content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == [
        '<script src="/static/js/portal-head.js">',
        '<script src="/static/bootstrap/js/bootstrap.bundle.min.js">',
        '<script src="/static/js/portal.js">',
    ]


def test_public_page_query_counts_do_not_grow(client, corpus):
    law = corpus["law"]
    article = law.articles.get(number=2)
    typical = corpus["typical"]
    urls = [
        reverse("knowledge:index"),
        reverse("knowledge:search") + "?q=加班费",
        reverse("knowledge:law", args=[law.pk]),
        reverse("knowledge:article", args=[article.pk]),
        reverse("knowledge:guide", args=["unpaid-wages"]),
        reverse("knowledge:typical_cases"),
        reverse("knowledge:typical_case", args=[typical.pk]),
    ]
    before = {url: _queries(client, url)[0] for url in urls}
    # More of everything: another law, more typical cases citing the article, more guides.
    law_import(
        text=CORPUS_LAW.replace("示范劳动权益条例", "另一示范条例"),
        title="另一示范条例",
        issuing_body="示例",
        version_date=law.version_date,
    )
    for index in range(6):
        more = TypicalCase.objects.create(
            title=f"加班费案例{index}", facts="加班费", status=TypicalCase.Status.PUBLISHED
        )
        more.categories.set(typical.categories.all())
        more.articles.set([article])
        search.typical_case_index(typical_case=more)
    guide = Guide.objects.get(slug="unpaid-wages")
    guide.articles.set(law.articles.all())
    after = {url: _queries(client, url)[0] for url in urls}
    assert after == before


def test_an_admin_edits_a_guide_and_the_search_follows(client, corpus, role_users):
    guide = Guide.objects.get(slug="work-injury")
    client.force_login(role_users["admin"])
    url = reverse("admin:knowledge_guide_change", args=[guide.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "slug": guide.slug,
            "title": "工伤了怎么办（职业病也适用）",
            "summary": guide.summary,
            "keywords": "工伤 职业病",
            "steps": guide.steps,
            "documents": guide.documents,
            "category": guide.category_id,
            "deadline_rules": list(guide.deadline_rules.values_list("pk", flat=True)),
            "articles": [],
            "published": "on",
            "order": guide.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert search.search("职业病")[0].title == "工伤了怎么办（职业病也适用）"
    page = client.get(reverse("knowledge:guide", args=[guide.slug])).content.decode()
    assert "职业病也适用" in page


def test_the_typical_cases_list_pages(client, corpus):
    from knowledge.models import TypicalCase

    for n in range(25):
        TypicalCase.objects.create(
            title=f"典型案例{n:02d}", facts="经过", status=TypicalCase.Status.PUBLISHED
        )
    first = client.get(reverse("knowledge:typical_cases")).content.decode()
    second = client.get(reverse("knowledge:typical_cases"), {"page": 2}).content.decode()
    assert first.count('class="list-group-item"') == 20 and "1 / 2" in first
    assert second.count('class="list-group-item"') == 6 and "2 / 2" in second
