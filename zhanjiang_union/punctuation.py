"""Punctuation that follows the reader's language: Chinese text takes full-width marks
(：（），), English the half-width ones. A builtin template library (settings.TEMPLATES),
so that `{% translate "Stage" %}{% colon %}` reads 阶段： in Chinese and Stage: in English."""

from django import template
from django.utils.translation import get_language

register = template.Library()

MARKS = {
    "colon": ("：", ": "),
    "lparen": ("（", " ("),
    "rparen": ("）", ")"),
    "comma": ("，", ", "),
}


def mark(name: str) -> str:
    chinese, english = MARKS[name]
    return chinese if (get_language() or "").startswith("zh") else english


@register.simple_tag
def colon() -> str:
    return mark("colon")


@register.simple_tag
def lparen() -> str:
    return mark("lparen")


@register.simple_tag
def rparen() -> str:
    return mark("rparen")


@register.simple_tag
def comma() -> str:
    return mark("comma")
