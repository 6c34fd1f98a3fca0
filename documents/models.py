"""The case's standard documents: the admins' template for each kind, the yearly
counters that number them, and each document made (a copy of its text as it was made,
so a document downloaded again reads as the one that was signed and sent)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import placeholders


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Mediation application")
    ACCEPTANCE = "acceptance", _("Notice of acceptance")
    REFUSAL = "refusal", _("Notice of non-acceptance")
    AGREEMENT = "agreement", _("Mediation agreement")
    TERMINATION = "termination", _("Notice that mediation ended without agreement")
    HANDOFF = "handoff", _("Handoff letter")
    SERVICE = "service", _("Proof of service")
    PAYMENT_ORDER = "payment_order", _("Application for a payment order")


# The documents written to the worker: they may download them from the tracking page.
ADDRESSED_TO_WORKER = frozenset(
    {DocumentKind.ACCEPTANCE, DocumentKind.REFUSAL, DocumentKind.TERMINATION}
)

# Template text fields, in the order a document reads them.
TEMPLATE_TEXT_FIELDS = ("title", "addressee", "body", "signature")


class DocumentTemplate(models.Model):
    """The text of one kind of document, with placeholders filled from the case
    (`documents/placeholders.py` lists them). Edited by admins; checked on save."""

    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices, unique=True)
    number_prefix = models.CharField(
        _("number prefix"),
        max_length=16,
        help_text=_(
            "The issuer's abbreviation before the year, e.g. 湛工维调 in 湛工维调〔2026〕1号."
        ),
    )
    title = models.CharField(_("document title"), max_length=64)
    addressee = models.CharField(
        _("addressee"),
        max_length=255,
        blank=True,
        help_text=_("The line the document is addressed to."),
    )
    body = models.TextField(_("body"), help_text=_("One paragraph a line."))
    signature = models.TextField(
        _("signature and date"), blank=True, help_text=_("Lines set to the right, under the body.")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self):
        placeholders.template_fields_validate(
            {name: getattr(self, name) for name in TEMPLATE_TEXT_FIELDS}
        )


class DocumentCounter(models.Model):
    """The last number issued for one kind of document in one year. Taking the next
    one locks the row until the document commits: no two documents share a number and
    a document that fails hands its number back (no gaps)."""

    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="documentcounter_kind_year"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class CaseDocument(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("document number"), max_length=48, unique=True)
    title = models.CharField(_("document title"), max_length=64)
    addressee = models.CharField(_("addressee"), max_length=255, blank=True)
    body = models.TextField(_("body"))
    signature = models.TextField(_("signature and date"), blank=True)
    handoff = models.ForeignKey(
        "cases.Handoff",
        verbose_name=_("handoff"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    served = models.ForeignKey(
        "self",
        verbose_name=_("document served"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proofs_of_service",
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    made_by = models.ForeignKey(
        "accounts.User", verbose_name=_("made by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "sequence"], name="casedocument_kind_year_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def addressed_to_worker(self) -> bool:
        return self.kind in ADDRESSED_TO_WORKER

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]

    @property
    def signature_lines(self) -> list[str]:
        return [line.strip() for line in self.signature.splitlines() if line.strip()]
