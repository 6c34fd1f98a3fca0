"""How the work-order steps read on a case's timeline (cases.timeline's registry)."""

from django.utils.translation import gettext as _

from cases.timeline import local_moment, renders


@renders("api.work_order.received")
def _received(event):
    text = _("12345 work order %(order)s received: sign for by %(sign)s, reply by %(reply)s") % {
        "order": event.data["order_number"],
        "sign": local_moment(event.data["sign_by"]),
        "reply": local_moment(event.data["reply_by"]),
    }
    if event.data.get("linked"):
        text += _(" (linked to this open case)")
    return text


@renders("api.work_order.signed")
def _signed(event):
    return _("12345 work order %(order)s signed for") % {"order": event.data["order_number"]}


@renders("api.work_order.extension_asked")
def _extension(event):
    return _("12345 work order %(order)s: more time asked, to %(date)s") % {
        "order": event.data["order_number"],
        "date": event.data["date"],
    }


@renders("api.work_order.extension_granted")
def _extension_granted(event):
    return _("12345 work order %(order)s: more time granted by the platform, reply by %(when)s") % {
        "order": event.data["order_number"],
        "when": local_moment(event.data["reply_by"]),
    }


@renders("api.work_order.extension_refused")
def _extension_refused(event):
    return _("12345 work order %(order)s: the platform refused more time") % {
        "order": event.data["order_number"]
    }


@renders("api.work_order.send_back_asked")
def _send_back_asked(event):
    return _("12345 work order %(order)s: asked the platform to take it back") % {
        "order": event.data["order_number"]
    }


@renders("api.work_order.sent_back")
def _sent_back(event):
    return _("12345 work order %(order)s sent back") % {"order": event.data["order_number"]}


@renders("api.work_order.send_back_refused")
def _send_back_refused(event):
    return _("12345 work order %(order)s: the platform refused to take it back") % {
        "order": event.data["order_number"]
    }


@renders("api.work_order.replied")
def _replied(event):
    return _("12345 work order %(order)s answered with the result") % {
        "order": event.data["order_number"]
    }


@renders("api.work_order.rated")
def _rated(event):
    from hotline.models import FollowUp

    text = _("12345 work order %(order)s rated by the citizen: %(rating)s") % {
        "order": event.data["order_number"],
        "rating": FollowUp.Result(event.data["rating"]).label,
    }
    if event.data.get("rework_reply_by"):
        text += _("; sent back for rework, reply by %(when)s") % {
            "when": local_moment(event.data["rework_reply_by"])
        }
    return text
