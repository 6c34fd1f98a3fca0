"""What the hotline gives the case pages below it: the calls and visits a case can be
registered from (`cases.intake_sources`) and the worker's rating of a closed case
(`cases.worker_rating`, the satisfaction follow-up). Registered in `hotline.apps`."""

from cases.intake_sources import IntakeSource, intake_source_register
from cases.worker_rating import WorkerRating, worker_rating_provide

from . import services
from .forms import RatingForm
from .models import FollowUp


def _call_initial(record_id, *, user) -> dict:
    return services.call_intake_initial(call_id=record_id, user=user)


def _call_link(record_id, *, case, actor):
    return services.call_link_case(call=record_id, case=case, actor=actor)


def _visit_initial(record_id, *, user) -> dict:
    return services.visit_intake_initial(visit_id=record_id, user=user)


def _visit_link(record_id, *, case, actor):
    return services.visit_link_case(visit=record_id, case=case, actor=actor)


def _rating_record(case, cleaned_data: dict) -> None:
    services.follow_up_record(case=case, actor=None, source=FollowUp.Source.WORKER, **cleaned_data)


def intake_register() -> None:
    intake_source_register(IntakeSource("call", initial=_call_initial, link=_call_link))
    intake_source_register(IntakeSource("visit", initial=_visit_initial, link=_visit_link))
    worker_rating_provide(WorkerRating(form_class=RatingForm, record=_rating_record))
