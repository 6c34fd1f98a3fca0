"""Benchmark: search as you type in the knowledge base, on a generated corpus.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_bench \\
        .venv/bin/python docs/benchmarks/knowledge_search.py 100000

Fills the search index with N generated documents (three articles for each typical
case, like a library of laws beside a decade of cases), each of 40-120 words
drawn from a labour-law vocabulary with a long tail, so that common words (工资,
劳动者) match a third of the corpus and rare ones a handful. Then types ten real
questions one character at a time, as the 12351 desk's box does, and times
`knowledge.search.search(..., as_you_type=True)` for every prefix: segmentation,
the ranked query, the snippets; once with every keystroke new to the search cache
and once again (the cache answering). Beside it, the baseline without a full-text
index: `body LIKE '%word%'` on each word (no ranking at all). Prints a markdown
table; the generated rows are removed at the end.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from knowledge import search  # noqa: E402
from knowledge.models import SearchDocument  # noqa: E402

OFFSET = 10**12  # object ids of generated rows, far above real ones

COMMON = (
    "劳动者 用人单位 工资 劳动合同 应当 支付 规定 工作 依照 职工 单位 法律 申请 "
    "劳动 时间 按照 有关 部门 期间 保险 社会保险 协商 调解 仲裁 争议 本人"
).split()
TERMS = (
    "加班费 拖欠 经济补偿 赔偿金 双倍工资 劳务派遣 工伤 医疗费 工伤认定 辞退 解除 终止 "
    "试用期 年休假 最低工资 劳动报酬 社会保险费 劳动能力鉴定 支付令 调解协议 劳动保障监察 "
    "仲裁时效 集体合同 女职工 未成年工 休息日 法定休假日 延长工作时间 违法解除 竞业限制 "
    "培训费 服务期 工伤保险基金 停工留薪期 伤残津贴 丧葬补助金 农民工 工程款 总承包 "
    "保证金 押金 欠薪 工资支付 工资条 考勤 加班 补休 病假 产假 哺乳期 孕期"
).split()
FILLER = (
    "的 和 或者 以及 不得 可以 由 向 对 在 其 并 为 被 将 从 自 之日起 日内 以上 以下 "
    "书面 通知 情形 条件 标准 依法 责令 改正 处理 决定 提出 认定 组织 记录 材料 证据"
).split()
RARE = [f"{a}{b}" for a in "湛霞赤坡麻遂徐廉雷吴" for b in "港湾城江山桥镇村厂场"]

QUESTIONS = [
    "加班费 不给", "被辞退 补偿", "工伤 医疗费", "劳务派遣 同工同酬", "试用期 解除",
    "双倍工资 没签合同", "欠薪 农民工", "年休假 工资", "仲裁时效 一年", "停工留薪期 工资",
]  # fmt: skip


def words_for(rng: random.Random) -> list[str]:
    count = rng.randint(40, 120)
    pools = rng.choices([COMMON, TERMS, FILLER, RARE], weights=[35, 20, 40, 5], k=count)
    return [rng.choice(pool) for pool in pools]


def fill(count: int) -> None:
    rng = random.Random(12351)  # noqa: S311 (a repeatable corpus, not a secret)
    batch = []
    for index in range(count):
        kind = SearchDocument.Kind.TYPICAL_CASE if index % 4 == 0 else SearchDocument.Kind.ARTICLE
        title = words_for(rng)[:6]
        body = words_for(rng)
        # Generated from words, so the words are the segmentation (as jieba's would be).
        batch.append(
            SearchDocument(
                kind=kind,
                object_id=OFFSET + index,
                title="".join(title),
                body="".join(body),
                title_words=" ".join(title),
                body_words=" ".join(body),
                url=f"/law/articles/{index}/",
            )
        )
        if len(batch) == 5000:
            SearchDocument.objects.bulk_create(batch)
            batch = []
    SearchDocument.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        # VACUUM also merges the GIN index's pending list of fresh rows into the index.
        cursor.execute(
            "VACUUM ANALYZE knowledge_searchdocument"
            if connection.vendor == "postgresql"
            else "ANALYZE"
        )


def typed(question: str) -> list[str]:
    return [question[: end + 1] for end in range(len(question)) if question[end] != " "]


def timed(function, query) -> float:
    start = time.perf_counter()
    function(query)
    return (time.perf_counter() - start) * 1000


def baseline(query: str):
    words = search.query_words(query)
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(body__contains=word)
    return list(SearchDocument.objects.filter(condition).values_list("id", flat=True)[:10])


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    generated = SearchDocument.objects.filter(object_id__gte=OFFSET)
    generated.delete()
    started = time.perf_counter()
    fill(count)
    load_seconds = time.perf_counter() - started
    search.search("加班费")  # load jieba's dictionary before timing
    rows = []
    ranked = lambda q: search.search(q, limit=10, as_you_type=True)  # noqa: E731
    prefixes = [prefix for question in QUESTIONS for prefix in typed(question)]
    # First pass: every keystroke new to the cache; second: the same keystrokes again,
    # as at the desk where operators type the same questions.
    from django.core.cache import cache

    cache.delete(search._VERSION_KEY)
    cold = [timed(ranked, prefix) for prefix in prefixes]
    warm = [timed(ranked, prefix) for prefix in prefixes]
    for label, samples in [
        ("ranked full-text search, as you type, each keystroke new", cold),
        ("ranked full-text search, as you type, keystrokes typed before", warm),
        ("ranked, both passes together", cold + warm),
        ("baseline: LIKE '%word%', unranked", [timed(baseline, p) for p in prefixes * 2]),
    ]:
        rows.append((label, statistics.median(samples), p95(samples), max(samples), len(samples)))
    print(f"{count:,} documents on {connection.vendor}, loaded in {load_seconds:.0f} s\n")
    print("| search | median (ms) | p95 (ms) | max (ms) | queries timed |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, median, high, top, n in rows:
        print(f"| {label} | {median:.1f} | {high:.1f} | {top:.1f} | {n} |")
    generated.delete()


if __name__ == "__main__":
    main()
