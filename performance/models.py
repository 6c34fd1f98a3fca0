"""What happens after a mediation agreement or an arbitration award: the agreement's
payment schedule and the payments made, the worker's reports that the employer did not
pay, the judicial confirmation, the award's lines and the day it was received, and the
facts the arbitration limitation period is counted from."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import ArbitrationAward, Case, Deadline, Evidence, MediationAgreement


class Instalment(models.Model):
    """One payment the agreement promises: how much, by when, to whom. Its deadline on
    the engine reminds the handler before the day and escalates once it is overdue."""

    agreement = models.ForeignKey(
        MediationAgreement, on_delete=models.CASCADE, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField(_("instalment"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    due_on = models.DateField(_("due on"))
    payee = models.CharField(_("paid to"), max_length=128)
    deadline = models.OneToOneField(
        Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="instalment"
    )
    # Set by the payment that completes it: on time or late is read from it.
    paid_on = models.DateField(_("paid in full on"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="instalment_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.case} #{self.number} {self.amount}"


class Payment(models.Model):
    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        CASH = "cash", _("Cash")
        MOBILE = "mobile", _("WeChat Pay or Alipay")
        OTHER = "other", _("Other")

    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    method = models.CharField(_("how"), max_length=8, choices=Method.choices)
    # Kept with the case's evidence: stored privately, downloaded after the case's check.
    evidence = models.ForeignKey(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.instalment} {self.paid_on} {self.amount}"


class NonPaymentReport(models.Model):
    """The worker says, on the tracking page, that the employer has not paid."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="non_payment_reports")
    note = models.TextField(_("what happened"), blank=True)
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("report of non-payment")
        verbose_name_plural = _("reports of non-payment")

    def __str__(self) -> str:
        return f"{self.case} {self.reported_at:%Y-%m-%d}"


class JudicialConfirmation(models.Model):
    """Judicial confirmation (司法确认) of the agreement: both parties apply to the court
    within 30 days of its taking effect (民事诉讼法 Art. 205)."""

    class Result(models.TextChoices):
        APPLIED = "applied", _("Applied for, awaiting the court")
        CONFIRMED = "confirmed", _("Confirmed by the court: enforceable")
        REFUSED = "refused", _("Refused by the court")
        NOT_SOUGHT = "not_sought", _("Not applied for")

    agreement = models.OneToOneField(
        MediationAgreement, on_delete=models.CASCADE, related_name="confirmation"
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    on = models.DateField(_("date"))
    court = models.CharField(_("court"), max_length=128, blank=True)
    document_number = models.CharField(_("ruling number"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("judicial confirmation")
        verbose_name_plural = _("judicial confirmations")

    def __str__(self) -> str:
        return f"{self.agreement.case} {self.get_result_display()}"


class AwardReceipt(models.Model):
    """The day the parties received the award: the windows to sue and to apply to set
    it aside run from it (劳动争议调解仲裁法 Art. 48-50)."""

    award = models.OneToOneField(ArbitrationAward, on_delete=models.CASCADE, related_name="receipt")
    received_on = models.DateField(_("received on"))

    class Meta:
        verbose_name = _("receipt of the award")
        verbose_name_plural = _("receipts of awards")

    def __str__(self) -> str:
        return f"{self.award} {self.received_on}"


class AwardClaim(models.Model):
    """One claim the award decides: its amount and whether it is final for that claim
    (终局裁决, Art. 47)."""

    award = models.ForeignKey(ArbitrationAward, on_delete=models.CASCADE, related_name="claims")
    claim = models.CharField(_("claim"), max_length=128)
    amount = models.DecimalField(_("amount awarded (yuan)"), max_digits=14, decimal_places=2)
    is_final = models.BooleanField(_("final for this claim"), default=False)

    class Meta:
        ordering = ["award", "pk"]
        verbose_name = _("claim of an award")
        verbose_name_plural = _("claims of awards")

    def __str__(self) -> str:
        return f"{self.claim} {self.amount}"


class LimitationFacts(models.Model):
    """When the worker knew or should have known of the infringement, and, for wage
    arrears, whether and when the job ended (劳动争议调解仲裁法 Art. 27)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="limitation")
    knew_on = models.DateField(_("knew or should have known of it on"))
    job_ended = models.BooleanField(_("the job has ended"), default=False)
    job_ended_on = models.DateField(_("the job ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("limitation facts")
        verbose_name_plural = _("limitation facts")

    def __str__(self) -> str:
        return f"{self.case} {self.knew_on}"


class LimitationEvent(models.Model):
    """Something that interrupts (the worker's claim to the employer) or suspends
    (force majeure, another good reason) the limitation period. The filing and the
    handoffs interrupt it too; they are read from the case."""

    class Kind(models.TextChoices):
        CLAIM = "claim", _("Claim made to the employer (interrupts)")
        AGREED = "agreed", _("The employer agreed to perform (interrupts)")
        SUSPENSION = "suspension", _("Could not apply: force majeure or another good reason")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="limitation_events")
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("on"))
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("limitation event")
        verbose_name_plural = _("limitation events")

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.on}"
