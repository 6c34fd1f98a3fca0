"""Personal data out of a closed case's text, for a typical case draft.

What the case itself knows is replaced where it occurs (each complainant's name,
ID number, phone, e-mail and address; the employer's name, credit code and
address, unless the employer may be named). Then anything that looks like an ID
number, a mobile or landline number or an e-mail is replaced wherever it came
from. A reviewer still reads the draft before it is published."""

import re

from django.utils.translation import gettext as _

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
CREDIT_CODE = re.compile(
    r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])"
)
MOBILE = re.compile(r"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

LETTERS = "甲乙丙丁戊己庚辛壬癸"


def worker_alias(index: int) -> str:
    suffix = LETTERS[index] if index < len(LETTERS) else str(index + 1)
    return _("Worker %(letter)s") % {"letter": suffix}


class Replacer:
    def __init__(self, case, *, employer_public: bool):
        pairs: list[tuple[str, str]] = []
        for index, person in enumerate(case.complainants.all()):
            alias = worker_alias(index)
            pairs += [(person.name, alias), (person.id_number, _("[ID number removed]"))]
            pairs += [(person.phone, _("[phone removed]"))]
            if person.email:
                pairs.append((person.email, _("[e-mail removed]")))
            if person.address:
                pairs.append((person.address, _("[address removed]")))
        if not employer_public:
            pairs.append((case.employer_name, _("an employer")))
        if case.employer_credit_code:
            pairs.append((case.employer_credit_code, _("[credit code removed]")))
        if case.employer_address:
            pairs.append((case.employer_address, _("[address removed]")))
        # Longest first: an address that holds a name goes as a whole.
        self.pairs = sorted({p for p in pairs if p[0] and p[0].strip()}, key=lambda p: -len(p[0]))
        self.secrets = [
            p[0] for p in self.pairs if not (employer_public and p[0] == case.employer_name)
        ]

    def __call__(self, text: str) -> str:
        for _round in range(3):
            before = text
            for secret, alias in self.pairs:
                text = _replace_folded(text, secret, alias)
            text = ID_NUMBER.sub(_("[ID number removed]"), text)
            text = CREDIT_CODE.sub(_("[credit code removed]"), text)
            text = MOBILE.sub(_("[phone removed]"), text)
            text = LANDLINE.sub(_("[phone removed]"), text)
            text = EMAIL.sub(_("[e-mail removed]"), text)
            if text == before:
                break
        return text

    def leaks(self, text: str) -> list[str]:
        """Which of the case's personal data a text still holds, or looks like it."""
        found = [secret for secret in self.secrets if secret.casefold() in text.casefold()]
        for pattern in (ID_NUMBER, MOBILE, EMAIL):
            found += pattern.findall(text)
        return found


def _replace_folded(text: str, secret: str, alias: str) -> str:
    # ID numbers end in x or X; names and addresses are matched as written.
    return re.sub(re.escape(secret), lambda _m: alias, text, flags=re.IGNORECASE)
