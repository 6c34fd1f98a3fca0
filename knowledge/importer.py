"""Plain text of a law into chapters (章), sections (节), articles (条) and
paragraphs (款), with every line it could not place reported by number.

A law with any problem is not saved at all: a law missing an article it was
thought to have is worse than no law. Importing the same title and version
date again replaces the earlier import (a corrected text)."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Article, Division, Law
from .numerals import from_chinese, to_chinese

HEADING = re.compile(
    r"^第(?P<number>[^\s章节条]{1,8})(?P<kind>[章节条])(?:[\s\u3000]+|$)(?P<rest>.*)$"
)
TABLE_OF_CONTENTS = re.compile(r"^目\s*录$")


@dataclass
class Problem:
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return _("line %(line)s: %(reason)s: %(text)s") % {
            "line": self.line,
            "reason": self.reason,
            "text": self.text[:60],
        }


@dataclass
class ParsedArticle:
    number: int
    line: int
    paragraphs: list[str] = field(default_factory=list)
    chapter: int | None = None
    section: int | None = None


@dataclass
class ParsedDivision:
    kind: str
    number: int
    title: str
    chapter: int | None = None  # for a section


@dataclass
class ParsedLaw:
    preamble: list[str] = field(default_factory=list)
    divisions: list[ParsedDivision] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class LawImportError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def law_text_parse(text: str) -> ParsedLaw:
    parsed = ParsedLaw()
    chapter: ParsedDivision | None = None
    section: ParsedDivision | None = None
    article: ParsedArticle | None = None
    in_contents = False

    def problem(line_no, line, reason):
        parsed.problems.append(Problem(line_no, line, reason))

    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().strip("\ufeff")
        if not line:
            continue
        if TABLE_OF_CONTENTS.match(line) and not parsed.articles:
            in_contents = True
            continue
        match = HEADING.match(line)
        if match is None:
            if in_contents:
                problem(
                    line_no, line, _("not a chapter or section heading in the table of contents")
                )
            elif article is not None:
                article.paragraphs.append(line)
            elif chapter is None and not parsed.articles:
                parsed.preamble.append(line)
            else:
                problem(line_no, line, _("text outside any article"))
            continue
        kind, rest = match["kind"], match["rest"].strip()
        number = from_chinese(match["number"])
        if number is None:
            problem(line_no, line, _("“%(number)s” is not a number") % {"number": match["number"]})
            # The text that follows belongs to no article that can be named.
            article = None
            continue
        if in_contents:
            # The table of contents ends where the first chapter comes again.
            if kind == "章" and number == 1 and any(d.kind == "chapter" for d in parsed.divisions):
                parsed.divisions = []
                in_contents = False
            elif kind == "条":
                problem(line_no, line, _("an article inside the table of contents"))
                continue
            else:
                parsed.divisions.append(
                    ParsedDivision("contents" if kind == "节" else "chapter", number, rest)
                )
                continue
        if kind == "章":
            expected = (chapter.number + 1) if chapter else 1
            if number != expected:
                problem(
                    line_no,
                    line,
                    _("chapter out of order: expected 第%(expected)s章")
                    % {"expected": to_chinese(expected)},
                )
            chapter = ParsedDivision("chapter", number, rest)
            section = None
            article = None
            parsed.divisions.append(chapter)
        elif kind == "节":
            if chapter is None:
                problem(line_no, line, _("a section outside any chapter"))
                article = None
                continue
            expected = (section.number + 1) if section else 1
            if number != expected:
                problem(
                    line_no,
                    line,
                    _("section out of order: expected 第%(expected)s节")
                    % {"expected": to_chinese(expected)},
                )
            section = ParsedDivision("section", number, rest, chapter=chapter.number)
            article = None
            parsed.divisions.append(section)
        else:
            expected = (parsed.articles[-1].number + 1) if parsed.articles else 1
            if number != expected:
                reason = (
                    _("article 第%(number)s条 appears twice") % {"number": match["number"]}
                    if any(a.number == number for a in parsed.articles)
                    else _("article out of order: expected 第%(expected)s条")
                    % {"expected": to_chinese(expected)}
                )
                problem(line_no, line, reason)
                if any(a.number == number for a in parsed.articles):
                    article = None
                    continue
            article = ParsedArticle(
                number=number,
                line=line_no,
                chapter=chapter.number if chapter else None,
                section=section.number if section else None,
            )
            if rest:
                article.paragraphs.append(rest)
            parsed.articles.append(article)
    for parsed_article in parsed.articles:
        if not parsed_article.paragraphs:
            problem(
                parsed_article.line,
                f"第{to_chinese(parsed_article.number)}条",
                _("an article without text"),
            )
    if not parsed.articles and not parsed.problems:
        problem(0, "", _("no article found (第一条 …)"))
    parsed.problems.sort(key=lambda p: p.line)
    return parsed


@transaction.atomic
def law_import(
    *,
    text: str,
    title: str,
    issuing_body: str,
    version_date: date,
    status: str = Law.Status.IN_FORCE,
) -> Law:
    """Parse and save a law; raise LawImportError listing every problem line."""
    from . import search

    parsed = law_text_parse(text)
    if parsed.problems:
        raise LawImportError(parsed.problems)
    law, _created = Law.objects.update_or_create(
        title=title,
        version_date=version_date,
        defaults={
            "issuing_body": issuing_body,
            "status": status,
            "preamble": "\n".join(parsed.preamble),
        },
    )
    # Articles a guide or typical case points at keep their rows (and links).
    law.divisions.all().delete()
    divisions = {}
    for order, item in enumerate(parsed.divisions):
        kind = Division.Kind.CHAPTER if item.kind == "chapter" else Division.Kind.SECTION
        suffix = "章" if kind == Division.Kind.CHAPTER else "节"
        division = Division.objects.create(
            law=law,
            parent=divisions.get(("chapter", item.chapter)),
            kind=kind,
            number=item.number,
            label=f"第{to_chinese(item.number)}{suffix}",
            title=item.title,
            order=order,
        )
        key = (
            (item.kind, item.number)
            if kind == Division.Kind.CHAPTER
            else ("section", item.chapter, item.number)
        )
        divisions[key] = division
    existing = {article.number: article for article in law.articles.all()}
    keep = []
    for order, item in enumerate(parsed.articles):
        article = existing.get(item.number) or Article(law=law, number=item.number)
        article.label = f"第{to_chinese(item.number)}条"
        article.text = "\n".join(item.paragraphs)
        article.order = order
        article.chapter = divisions.get(("chapter", item.chapter))
        article.section = divisions.get(("section", item.chapter, item.section))
        article.save()
        keep.append(article.pk)
    removed = list(law.articles.exclude(pk__in=keep).values_list("pk", flat=True))
    law.articles.filter(pk__in=removed).delete()
    search.law_index(law=law, removed_article_ids=removed)
    return law
