"""Search in Chinese: real questions on the hand-built corpus find what answers
them first, on whichever database the suite runs (CI runs it on both)."""

import pytest
from django.db import connection

from knowledge import search
from knowledge.models import Guide, SearchDocument

pytestmark = pytest.mark.django_db


def _first(query, **kwargs):
    hits = search.search(query, **kwargs)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


@pytest.mark.parametrize(
    ("query", "expected_title"),
    [
        ("加班费 不给", "被拖欠工资怎么办"),
        ("被辞退 补偿", "被违法解除怎么办"),
        ("工伤 医疗费", "工伤了怎么办"),
        ("延长工作时间 百分之一百五十", "《示范劳动权益条例》第二条"),
        ("试用期 不符合录用条件", "《示范劳动权益条例》第五条"),
        ("厨师 加班费", "某餐饮企业拖欠厨师加班费，工会调解后足额支付"),
    ],
)
def test_the_answer_ranks_first(corpus, query, expected_title):
    assert _first(query).title == expected_title


def test_a_worker_asking_about_unpaid_overtime_finds_guide_article_and_case(corpus):
    hits = search.search("加班费 不给")
    kinds = {hit.kind for hit in hits}
    assert kinds == {"guide", "article", "typical_case"}
    titles = [hit.title for hit in hits]
    assert "《示范劳动权益条例》第二条" in titles
    assert corpus["typical"].title in titles


def test_synonyms_find_the_law_s_words(corpus):
    # 加班工资 → 加班费; 欠薪 → 拖欠 工资; 开除 → 辞退
    assert "《示范劳动权益条例》第二条" in [h.title for h in search.search("加班工资")]
    assert "《示范劳动权益条例》第三条" in [h.title for h in search.search("欠薪")]
    assert _first("被开除 补偿").title == "被违法解除怎么办"


def test_traditional_characters_find_the_same(corpus):
    simplified = [h.title for h in search.search("加班费 不给")]
    assert [h.title for h in search.search("加班費 不給")] == simplified
    assert _first("工傷 醫療費").title == "工伤了怎么办"


def test_snippets_mark_the_words_found_and_escape_the_text(corpus):
    hit = next(h for h in search.search("加班费") if h.title == "《示范劳动权益条例》第二条")
    assert "<mark>加班费</mark>" in hit.snippet
    marked = search.highlight("<b>加班费</b>不给", search.surface_forms(["加班费", "拖欠"]))
    assert marked == "&lt;b&gt;<mark>加班费</mark>&lt;/b&gt;<mark>不给</mark>"


def test_as_you_type_matches_the_start_of_the_last_word(corpus):
    # 录用条 is cut into 录用 and 条; typed on, 条 is the start of 条件.
    assert search.search("不符合录用条", as_you_type=True)[0].title == "《示范劳动权益条例》第五条"
    assert (
        search.search("试用期 不符合录用条", as_you_type=True)[0].title
        == "《示范劳动权益条例》第五条"
    )
    # A lone character is not a prefix: it would match most of the corpus.
    assert search.search("补", as_you_type=True) == []


def test_nothing_to_search_and_hostile_input(corpus):
    assert search.search("") == []
    assert search.search("的 了 吗") == []
    for hostile in ['"', "'", '加班费" OR "', "a:*|!&()", "NEAR(加班费)", "\\", "%_"]:
        search.search(hostile)  # no database error


def test_unpublished_guides_leave_the_index(corpus):
    guide = Guide.objects.get(slug="work-injury")
    guide.published = False
    guide.save()
    search.guide_index(guide=guide)
    assert "工伤了怎么办" not in [h.title for h in search.search("工伤 医疗费")]
    assert not SearchDocument.objects.filter(kind="guide", object_id=guide.pk).exists()


def test_segmentation_keeps_labour_law_terms_whole():
    words = search.segment("公司不支付经济补偿金和双倍工资，还搞劳务派遣").split()
    for term in ("经济补偿", "双倍工资", "劳务派遣", "拖欠"):
        assert term in words


@pytest.mark.postgres
def test_postgres_uses_the_gin_index_on_a_simple_tsvector(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM knowledge_searchdocument "
            "WHERE search_vector @@ to_tsquery('simple', '加班费')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        assert "knowledge_search_vector" in plan
        cursor.execute(
            "SELECT search_vector::text FROM knowledge_searchdocument WHERE title = %s",
            ["被拖欠工资怎么办"],
        )
        vector = cursor.fetchone()[0]
    # The 'simple' configuration keeps jieba's words as they are (no stemming, no stopwords).
    assert "'拖欠':" in vector and "'加班费':" in vector
    assert _first("加班费 不给").title == "被拖欠工资怎么办"


def test_a_keystroke_typed_before_is_answered_without_the_database_until_the_index_changes(
    corpus,
):
    from django.test.utils import CaptureQueriesContext

    first = search.search("加班费 不给", as_you_type=True)
    with CaptureQueriesContext(connection) as queries:
        again = search.search("加班费 不给", as_you_type=True)
    assert [hit.title for hit in again] == [hit.title for hit in first] and first
    assert not [q for q in queries if "knowledge_searchdocument" in q["sql"]]
    # Unpublishing the guide changes the index: the next search sees it gone.
    guide = Guide.objects.get(title__contains="拖欠工资")
    guide.published = False
    guide.save()
    search.guide_index(guide=guide)
    assert guide.title not in [hit.title for hit in search.search("加班费 不给", as_you_type=True)]
