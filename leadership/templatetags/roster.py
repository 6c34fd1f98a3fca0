from django import template

register = template.Library()


@register.filter
def roster_name(name: str) -> str:
    """Two-character names take a full-width space in the middle, as in the plan's
    appendix, so that every name fills the same width (陈　端, 朱华雄)."""
    return f"{name[0]}\u3000{name[1]}" if len(name) == 2 else name
