"""The lines performance adds to a case's timeline, in the reader's language (joined to
the registry of cases.timeline), and the worker's next step for its time limits."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.timeline import WORKER_NEXT_STEPS, renders

from .models import JudicialConfirmation


@renders("performance.schedule.set")
def _schedule(event):
    return _("Payment schedule set: %(count)s instalments") % {
        "count": len(event.data["instalments"])
    }


@renders("performance.payment.recorded")
def _payment(event):
    data = event.data
    if data.get("late"):
        text = _("Payment of %(amount)s yuan on %(day)s towards instalment %(number)s (late)")
    else:
        text = _("Payment of %(amount)s yuan on %(day)s towards instalment %(number)s")
    return text % {"amount": data["amount"], "day": data["paid_on"], "number": data["instalment"]}


@renders("performance.non_payment.reported")
def _reported(event):
    return _("The worker reported that the employer has not paid")


@renders("performance.confirmation.recorded")
def _confirmation(event):
    return _("Judicial confirmation: %(result)s") % {
        "result": JudicialConfirmation.Result(event.data["result"]).label
    }


@renders("performance.award.received")
def _award_received(event):
    return _("The award was received on %(day)s") % {"day": event.data["received_on"]}


@renders("performance.limitation.recorded")
def _limitation(event):
    return _("The facts of the limitation period were recorded")


WORKER_NEXT_STEPS.update(
    {
        "instalment": gettext_lazy("The employer pays the next instalment of the agreement"),
        "judicial_confirmation": gettext_lazy(
            "You and the employer may apply together to the court to confirm the agreement"
        ),
        "award_suit": gettext_lazy("The last day to sue in the people’s court over the award"),
        "award_set_aside": gettext_lazy(
            "The last day for the employer to apply to set the final award aside"
        ),
        "arbitration_limitation": gettext_lazy(
            "The last day to apply for labor arbitration (limitation period)"
        ),
        "enforcement": gettext_lazy(
            "The last day to ask the people’s court to enforce the award or the confirmed agreement"
        ),
    }
)
