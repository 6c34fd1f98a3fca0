"""Reading a case number and a query code as people type them.

The receipt says 湛工维〔2026〕00001号. On the phone, from a text message or off a paper
copy, people type `00001`, `1`, `2026-00001`, `2026/1`, the year in ASCII or full-width
brackets of any shape, spaces, full-width digits, or paste the number with the words around
it. Every form that names one number unambiguously reads as that number; the year is this
year when it is left out. What cannot be read as one number is refused with a message,
never guessed.

The query code's alphabet (cases/services.py) has no 0/O or 1/I/L. A typed code is folded
(full-width to ASCII, case, spaces and dashes dropped, Cyrillic and Greek look-alikes of
Latin capitals from a phone keyboard to the Latin ones) before it is hashed, so every code
ever issued still matches as it did.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils import timezone

# Sequences are five digits on the receipt; a counter that ran past 99,999 in a year
# gives six. More than that is not a case number.
MAX_SEQUENCE_DIGITS = 6
# The portal's first year and a margin: a four-digit run outside it is not a year.
FIRST_YEAR, LAST_YEAR = 2000, 2099
# The longest input worth reading: a pasted line with the words around the number.
MAX_INPUT = 200

_DIGIT_RUNS = re.compile(r"\d+", re.ASCII)


@dataclass(frozen=True)
class CaseNumber:
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"湛工维〔{self.year}〕{self.sequence:05d}号"


class CaseNumberInvalid(ValueError):
    pass


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and FIRST_YEAR <= int(digits) <= LAST_YEAR


def case_number_parse(text: str, *, this_year: int | None = None) -> CaseNumber:
    """The one case number `text` names; CaseNumberInvalid if it names none or several.

    After folding full-width characters to ASCII (NFKC), the digit runs decide:
    - one run of at most six digits: the sequence, in this year (`1`, `00001`);
    - one run of nine to ten digits that starts with a year: year and sequence run
      together (`202600001`);
    - two runs, the first a year: year and sequence (`2026-1`, `〔2026〕00001号`,
      `【2026】1`, `2026 / 00001`);
    - anything else (no digits, three runs, a first run that is not a year, a sequence
      of 0 or of more than six digits) is not read.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        raise CaseNumberInvalid(text)
    folded = unicodedata.normalize("NFKC", text)
    runs = _DIGIT_RUNS.findall(folded)
    if this_year is None:
        this_year = timezone.localdate().year
    if len(runs) == 1:
        (run,) = runs
        if len(run) <= MAX_SEQUENCE_DIGITS:
            year, sequence = this_year, run
        elif len(run) in (9, 10) and _is_year(run[:4]):
            year, sequence = int(run[:4]), run[4:]
        else:
            raise CaseNumberInvalid(text)
    elif len(runs) == 2 and _is_year(runs[0]):
        year, sequence = int(runs[0]), runs[1]
    else:
        raise CaseNumberInvalid(text)
    if len(sequence) > MAX_SEQUENCE_DIGITS or int(sequence) == 0:
        raise CaseNumberInvalid(text)
    return CaseNumber(year=int(year), sequence=int(sequence))


# Letters a phone keyboard in another script offers that look like the code's Latin
# capitals (Cyrillic А В Е К М Н Р С Т Х У, Greek Α Β Ε Ζ Η Κ Μ Ν Ρ Τ Υ Χ).
_LOOKALIKES = str.maketrans(
    {
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "Р": "P", "С": "C",
        "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Κ": "K", "Μ": "M", "Ν": "N",
        "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    }
)  # fmt: skip


def query_code_normalize(code: str) -> str:
    """A typed query code as it was issued: full-width folded, upper case, look-alike
    letters of other scripts as the Latin ones, everything but letters and digits
    (spaces, dashes, dots) dropped."""
    folded = unicodedata.normalize("NFKC", code).upper().translate(_LOOKALIKES)
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())
