"""Search in Chinese over articles, guides and typical cases.

Chinese has no spaces between words: text is folded (traditional characters to
simplified by zhconv, full-width to half-width, synonyms to one word) and cut
into words by jieba with a dictionary of labour-law terms; the words, joined by
spaces, go into the database's own full-text index (PostgreSQL: a tsvector with
the 'simple' configuration and a GIN index; SQLite: FTS5). Queries are folded
and cut the same way, any word may match, and the index ranks: words in the
title weigh more than words in the text. Snippets are cut from the original
text, in Python, so that both databases show the same.
"""

import hashlib
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import SearchDocument

DATA = Path(__file__).resolve().parent / "data"

# One word each group stands for: a worker writes 不给, 欠薪 or 加班工资, the law
# 拖欠 and 加班费. Each surface form becomes the words on its right.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "加班工资": ("加班费",),
    "加班钱": ("加班费",),
    "不给": ("拖欠",),
    "不发": ("拖欠",),
    "没发": ("拖欠",),
    "不支付": ("拖欠",),
    "克扣": ("拖欠",),
    "欠薪": ("拖欠", "工资"),
    "拖欠工资": ("拖欠", "工资"),
    "薪水": ("工资",),
    "薪资": ("工资",),
    "工钱": ("工资",),
    "开除": ("辞退",),
    "炒鱿鱼": ("辞退",),
    "解雇": ("辞退",),
    "二倍工资": ("双倍工资",),
    "经济补偿金": ("经济补偿",),
    "补偿金": ("经济补偿",),
    "社保": ("社会保险",),
}

STOPWORDS = frozenset(
    "的 了 被 我 我们 你 他 她 它 是 在 和 与 或 及 吗 呢 啊 吧 把 也 都 就 还 又 很 给 "
    "怎么办 怎么 如何 什么 可以 应该 哪些 请问 一个 这 那 有 要 会 能 对 向 从 让 "
    "我的 公司 单位 老板".split()
)

_WORD = re.compile(r"\w", re.UNICODE)
_tokenizer = None
_lock = threading.Lock()


def _jieba():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.load_userdict(str(DATA / "labour_terms.txt"))
                tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer


def fold(text: str) -> str:
    """Simplified characters, half-width letters and digits, lower case."""
    import zhconv

    return zhconv.convert(unicodedata.normalize("NFKC", text), "zh-hans").casefold()


def _canonical(words) -> list[str]:
    out = []
    for word in words:
        word = word.strip()
        if not word or not _WORD.search(word):
            continue
        for canonical in SYNONYMS.get(word, (word,)):
            out.append(canonical)
    return out


def segment(text: str) -> str:
    """The words of a text for the index: search mode (加班费 also as 加班), synonyms
    folded onto one word."""
    return " ".join(_canonical(_jieba().cut_for_search(fold(text))))


def query_words(query: str) -> list[str]:
    """The words of what someone typed, in order, without duplicates or stopwords."""
    seen = []
    for word in _canonical(_jieba().cut(fold(query))):
        if word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen


def surface_forms(words: list[str]) -> list[str]:
    """Every way a text may write these words, longest first: what a snippet marks."""
    forms = set(words)
    for surface, canonical in SYNONYMS.items():
        if set(canonical) & set(words):
            forms.add(surface)
    return sorted(forms, key=len, reverse=True)


# --- Keeping the index ---------------------------------------------------------------

# Searches are cached by their words and the index's version: at the desk and on the
# public side the same keystrokes come again and again (加, 加班, 加班费 …), and under
# load the ranked query is what takes the time. Every write to the public index moves
# the version, so nothing stale is answered.
CACHE_SECONDS = 600
_VERSION_KEY = "knowledge:search:version"


def _index_version() -> str:
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, str(time.time_ns()), None)
        version = cache.get(_VERSION_KEY) or ""
    return version


def index_changed() -> None:
    """Cached searches are not answered again: now, and once the write commits (a
    search between the two would otherwise cache the old rows under the new version)."""

    def bump():
        cache.set(_VERSION_KEY, str(time.time_ns()), None)

    bump()
    transaction.on_commit(bump)


def document_sync(
    *,
    kind: str,
    object_id: int,
    title: str,
    body: str,
    url: str,
    categories=(),
    keywords="",
    body_words: str | None = None,
):
    codes = " ".join(sorted(set(categories)))
    if kind != SearchDocument.Kind.CLOSED_CASE:
        index_changed()
    SearchDocument.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "title": title[:255],
            "body": body,
            "title_words": segment(f"{title} {keywords}"),
            "body_words": segment(body) if body_words is None else body_words,
            "url": url,
            "category_codes": f" {codes} " if codes else "",
        },
    )


def document_remove(*, kind: str, object_id: int) -> None:
    if kind != SearchDocument.Kind.CLOSED_CASE:
        index_changed()
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


def law_index(*, law, removed_article_ids=()) -> None:
    from django.urls import reverse

    articles = law.articles.select_related("chapter", "section")
    index_changed()
    SearchDocument.objects.filter(
        kind=SearchDocument.Kind.ARTICLE,
        object_id__in=[*articles.values_list("pk", flat=True), *removed_article_ids],
    ).delete()
    rows = []
    for article in articles:
        title = f"《{law.title}》{article.label}"
        heading = " ".join(d.title for d in (article.chapter, article.section) if d)
        rows.append(
            SearchDocument(
                kind=SearchDocument.Kind.ARTICLE,
                object_id=article.pk,
                title=title,
                body=article.text,
                title_words=segment(f"{title} {heading}"),
                body_words=segment(article.text),
                url=reverse("knowledge:article", args=[article.pk]),
            )
        )
    SearchDocument.objects.bulk_create(rows, batch_size=500)


def guide_index(*, guide) -> None:
    from django.urls import reverse

    if not guide.published:
        document_remove(kind=SearchDocument.Kind.GUIDE, object_id=guide.pk)
        return
    document_sync(
        kind=SearchDocument.Kind.GUIDE,
        object_id=guide.pk,
        title=guide.title,
        body="\n".join([guide.summary, guide.steps, guide.documents]),
        url=reverse("knowledge:guide", args=[guide.slug]),
        categories=[guide.category.code],
        keywords=guide.keywords,
    )


def typical_case_index(*, typical_case) -> None:
    from django.urls import reverse

    from .models import TypicalCase

    if typical_case.status != TypicalCase.Status.PUBLISHED:
        document_remove(kind=SearchDocument.Kind.TYPICAL_CASE, object_id=typical_case.pk)
        return
    document_sync(
        kind=SearchDocument.Kind.TYPICAL_CASE,
        object_id=typical_case.pk,
        title=typical_case.title,
        body="\n".join(
            [
                typical_case.facts,
                typical_case.handling,
                typical_case.outcome_note,
                typical_case.lesson,
            ]
        ),
        url=reverse("knowledge:typical_case", args=[typical_case.pk]),
        categories=[c.code for c in typical_case.categories.all()],
    )


SIMILAR_INDEX_BATCH = 500


def closed_case_index(*, case) -> None:
    """A closed case's words (facts and demand), under its category: what "similar
    cases" ranks by. Its text is not kept: a hit shows the case's figures only."""
    document_sync(
        kind=SearchDocument.Kind.CLOSED_CASE,
        object_id=case.pk,
        title=case.number,
        body="",
        url="",
        categories=[case.category.code],
        body_words=segment(f"{case.facts} {case.demand}"),
    )


def closed_case_forget(sender=None, *, case, **kwargs) -> None:
    document_remove(kind=SearchDocument.Kind.CLOSED_CASE, object_id=case.pk)


def closed_cases_index(*, batch: int = SIMILAR_INDEX_BATCH) -> int:
    """Index up to `batch` closed cases not in the index yet (beat's pass; a rerun does
    no harm): the newest closed first, those whose personal data are gone never."""
    from django.db.models import Exists, OuterRef

    from cases.models import Case
    from cases.workflow import Status

    indexed = SearchDocument.objects.filter(
        kind=SearchDocument.Kind.CLOSED_CASE, object_id=OuterRef("pk")
    )
    cases = (
        Case.objects.filter(status=Status.CLOSED, personal_data_removed_at__isnull=True)
        .exclude(Exists(indexed))
        .select_related("category")
        .only("number", "facts", "demand", "category__code")
        .order_by("-closed_at", "-id")[:batch]
    )
    done = 0
    for case in cases:
        closed_case_index(case=case)
        done += 1
    return done


def reindex_all() -> int:
    from .models import Guide, Law, TypicalCase

    index_changed()
    with transaction.atomic():
        # Closed cases keep theirs: beat's pass indexes them a batch at a time.
        SearchDocument.objects.exclude(kind=SearchDocument.Kind.CLOSED_CASE).delete()
        for law in Law.objects.all():
            law_index(law=law)
        for guide in Guide.objects.select_related("category"):
            guide_index(guide=guide)
        for typical_case in TypicalCase.objects.filter(status=TypicalCase.Status.PUBLISHED):
            typical_case_index(typical_case=typical_case)
    return SearchDocument.objects.count()


# --- Searching -----------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    snippet: SafeString

    @property
    def kind_label(self) -> str:
        return SearchDocument.Kind(self.kind).label


MAX_WORDS = 12
CANDIDATES = 250
# A guide is the answer written for a worker: where it matches about as well as a
# typical case or an article, it comes first.
GUIDE_WEIGHT = 1.5
_KIND_WEIGHT = f"(CASE kind WHEN 'guide' THEN {GUIDE_WEIGHT} ELSE 1.0 END)"


PUBLIC_KINDS = (
    SearchDocument.Kind.GUIDE,
    SearchDocument.Kind.ARTICLE,
    SearchDocument.Kind.TYPICAL_CASE,
)


def search(
    query: str, *, limit: int = 20, kinds=None, as_you_type: bool = False, remember: bool = True
) -> list[Hit]:
    """The best `limit` documents for what was typed, best first: those with every
    word, then those with some. `as_you_type`: the last word may be the start of one
    (录用条 finds 录用条件); a lone character is not (it would match half the corpus).
    `remember=False`: a query made of a case's facts, which nothing may cache."""
    kinds = kinds or PUBLIC_KINDS
    words = query_words(query)[:MAX_WORDS]
    if not words:
        return []
    prefix_last = as_you_type and query.rstrip() == query and (len(words) > 1 or len(words[0]) > 1)
    # One round trip: the index's version and this search's last answer together; an
    # answer kept under an older version is not used.
    signature = repr((words, prefix_last, sorted(kinds), limit))
    key = "knowledge:search:" + hashlib.sha256(signature.encode()).hexdigest()
    kept = cache.get_many([_VERSION_KEY, key]) if remember else {}
    version = (kept.get(_VERSION_KEY) or _index_version()) if remember else ""
    if key in kept and kept[key][0] == version:
        return kept[key][1]
    ids = _ranked_ids(words, limit=limit, kinds=kinds, prefix_last=prefix_last, every=True)
    if len(words) > 1 and len(ids) < limit:
        more = _ranked_ids(words, limit=limit, kinds=kinds, prefix_last=prefix_last, every=False)
        ids += [pk for pk in more if pk not in ids][: limit - len(ids)]
    documents = SearchDocument.objects.in_bulk(ids)
    forms = surface_forms(words)
    hits = [
        Hit(
            kind=doc.kind,
            object_id=doc.object_id,
            title=doc.title,
            url=doc.url,
            snippet=highlight(doc.body, forms),
        )
        for doc in (documents[pk] for pk in ids if pk in documents)
    ]
    if remember:
        cache.set(key, (version, hits), CACHE_SECONDS)
    return hits


def similar_ids(text: str, *, category_code: str, limit: int) -> list[int]:
    """The ids of the closed cases of this category whose words best match the text,
    best first (any word may match)."""
    words = query_words(text)[:MAX_WORDS]
    if not words:
        return []
    ids = _ranked_ids(
        words,
        limit=limit,
        kinds=[SearchDocument.Kind.CLOSED_CASE],
        prefix_last=False,
        every=False,
        category_code=category_code,
    )
    object_ids = dict(SearchDocument.objects.filter(pk__in=ids).values_list("pk", "object_id"))
    return [object_ids[pk] for pk in ids if pk in object_ids]


def _ranked_ids(words, *, limit, kinds, prefix_last, every, category_code=None) -> list[int]:
    kind_filter, params = "", []
    if connection.vendor == "postgresql":
        terms = []
        for index, word in enumerate(words):
            quoted = "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"
            if prefix_last and index == len(words) - 1:
                quoted += ":*"
            terms.append(quoted)
        tsquery = (" & " if every else " | ").join(terms)
        if kinds:
            kind_filter = " AND kind = ANY(%s)"
            params = [list(kinds)]
        if category_code:
            kind_filter += " AND category_codes LIKE %s"
            params.append(f"% {category_code} %")
        # Ranking reads every candidate's vector: a word in most documents (工资) would
        # rank tens of thousands of rows for each key typed. Every matching guide is
        # ranked, and of the rest the first CANDIDATES the index yields.
        matching = "SELECT id, kind, search_vector FROM knowledge_searchdocument WHERE search_vector @@ query"
        sql = (
            "SELECT id FROM to_tsquery('simple', %s) query, LATERAL ("  # noqa: S608 (only placeholders are added)
            f"({matching} AND kind = 'guide'" + kind_filter + ") UNION ALL "
            f"({matching} AND kind <> 'guide'" + kind_filter + " LIMIT %s)"
            ") candidates "
            "ORDER BY ts_rank(search_vector, query) * " + _KIND_WEIGHT + " DESC, id LIMIT %s"
        )
        args = [tsquery, *params, *params, CANDIDATES, limit]
    else:
        terms = []
        for index, word in enumerate(words):
            quoted = '"' + word.replace('"', '""') + '"'
            if prefix_last and index == len(words) - 1:
                quoted += "*"
            terms.append(quoted)
        match = (" AND " if every else " OR ").join(terms)
        if kinds:
            kind_filter = " AND d.kind IN ({})".format(",".join("%s" for _ in kinds))
            params = list(kinds)
        if category_code:
            kind_filter += " AND d.category_codes LIKE %s"
            params.append(f"% {category_code} %")
        sql = (
            "SELECT d.id FROM knowledge_search_fts f "  # noqa: S608
            "JOIN knowledge_searchdocument d ON d.id = f.rowid "
            "WHERE knowledge_search_fts MATCH %s" + kind_filter + " "
            "ORDER BY bm25(knowledge_search_fts, 10.0, 1.0) * "
            + _KIND_WEIGHT.replace("kind", "d.kind")
            + ", d.id LIMIT %s"
        )
        args = [match, *params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [row[0] for row in cursor.fetchall()]


SNIPPET_CHARS = 90


def highlight(text: str, forms: list[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """A window of the text around its first matching word, every match marked."""
    haystack = text
    if not any(form in text for form in forms):
        folded = fold(text)  # a traditional text, or full-width letters
        if len(folded) == len(text):
            haystack = folded
    first = min((pos for pos in (haystack.find(form) for form in forms) if pos >= 0), default=0)
    start = max(0, first - length // 4)
    end = min(len(text), start + length)
    window = haystack[start:end]
    spans = []
    for form in forms:
        position = window.find(form)
        while position >= 0:
            spans.append((position, position + len(form)))
            position = window.find(form, position + len(form))
    merged: list[list[int]] = []
    for begin, finish in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], finish)
        else:
            merged.append([begin, finish])
    original, out, cursor = text[start:end], [], 0
    for begin, finish in merged:
        out.append(escape(original[cursor:begin]))
        out.append(f"<mark>{escape(original[begin:finish])}</mark>")
        cursor = finish
    out.append(escape(original[cursor:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 (every piece escaped)
