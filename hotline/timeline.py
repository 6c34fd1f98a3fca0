"""How the hotline's lines on a case's timeline read, registered with the case
timeline's registry (cases.timeline) when the app is ready: cases knows nothing of
the hotline, the hotline words its own lines."""

from django.utils.translation import gettext as _

from cases.timeline import local_moment, renders

from .models import ExternalPetition, FollowUp


@renders("hotline.call.linked")
def _call_linked(event):
    return _("Registered from the 12351 call of %(when)s") % {
        "when": local_moment(event.data["received_at"])
    }


@renders("hotline.visit.linked")
def _visit_linked(event):
    return _("Petition visit of %(when)s (%(count)s visitors)") % {
        "when": local_moment(event.data["visited_at"]),
        "count": event.data["visitors"],
    }


@renders("hotline.external_petition.recorded")
def _external_petition(event):
    return _("Taken to the %(level)s on %(date)s") % {
        "level": ExternalPetition.Level(event.data["level"]).label,
        "date": event.data["date"],
    }


@renders("hotline.follow_up.recorded")
def _follow_up(event):
    return _("Satisfaction follow-up: %(result)s") % {
        "result": FollowUp.Result(event.data["result"]).label
    }
