"""Chinese numerals as laws number their chapters and articles (第一百零一条)."""

DIGITS = "零一二三四五六七八九"
_UNITS = [(1000, "千"), (100, "百"), (10, "十")]


def to_chinese(number: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 101 → 一百零一, 110 → 一百一十 (below 10 000)."""
    if not 0 < number < 10000:
        raise ValueError(number)
    parts, rest, gap = [], number, False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if gap:
                parts.append("零")
            parts.append(DIGITS[digit] + unit)
            gap = False
        elif parts:
            gap = True
    if rest:
        if gap:
            parts.append("零")
        parts.append(DIGITS[rest])
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def from_chinese(text: str) -> int | None:
    """The number a heading writes, or None when it is not one written the
    standard way (第十十条, 第三五条): parsing back what to_chinese writes is the check."""
    if text.isascii() and text.isdigit():
        number = int(text)
        return number if 0 < number < 10000 else None
    text = text.replace("〇", "零").replace("两", "二")
    total, digit = 0, 0
    values = {"十": 10, "百": 100, "千": 1000}
    for char in text:
        if char in DIGITS:
            digit = DIGITS.index(char)
        elif char in values:
            total += (digit or 1) * values[char]
            digit = 0
        else:
            return None
    total += digit
    if not 0 < total < 10000 or to_chinese(total) != text:
        return None
    return total
