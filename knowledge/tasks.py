from celery import shared_task

from . import search


@shared_task(ignore_result=True)
def closed_cases_index() -> int:
    """Put the cases closed since the last pass into the index of similar cases."""
    return search.closed_cases_index()
