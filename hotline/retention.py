"""The hotline's part of removing a closed case's personal data past retention
(cases.retention): the linked calls' callers and summaries, callback and follow-up
notes, the linked visits' demands and representatives."""

from cases.retention import removed_mark

from .models import Call, CallbackAttempt, FollowUp, Representative, Visit


def case_hotline_deidentify(sender, *, case, **kwargs) -> None:
    mark = removed_mark()
    Call.objects.filter(case=case).update(phone="", caller_name="", summary=mark)
    CallbackAttempt.objects.filter(call__case=case).exclude(note="").update(note="")
    FollowUp.objects.filter(case=case).update(note="")
    Representative.objects.filter(visit__case=case).delete()
    Visit.objects.filter(case=case).update(demands=mark, action_taken="")
