"""Submitting twice files once.

Every form that creates something carries a one-time key (`SubmissionKeyMixin`, a
hidden field set when the form is shown). The view claims the key in the transaction
that creates (`submission_claimed`): the key's unique row is written first, so a
second request with the same key (a double click, a retry after a timeout or an error
page) either finds it committed or waits for the first to commit and then finds it,
and is answered with the first result (`AlreadySubmitted`) instead of filing again.
"""

import hashlib
import uuid
from contextlib import contextmanager

from django import forms
from django.db import IntegrityError, transaction

from .models import Submission


class AlreadySubmitted(Exception):
    """This form was sent before; `submission` is the first one's record."""

    def __init__(self, submission: Submission):
        super().__init__(submission.kind)
        self.submission = submission


class SubmissionKeyField(forms.CharField):
    """A hidden UUID. Anything else (an old page, a hostile client) counts as no key:
    the form is filed as before, never refused for a field the user cannot see."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def clean(self, value):
        try:
            return uuid.UUID(str(value or "").strip())
        except ValueError:
            return None


class SubmissionKeyMixin(forms.Form):
    """A crispy Layout renders only the fields it names: name `submission_key` in it."""

    submission_key = SubmissionKeyField()


def session_hash(session) -> str:
    """Who filed, without keeping the session key itself."""
    if not session.session_key:
        session.save()  # an anonymous visitor: give the session its key now
    return hashlib.sha256(session.session_key.encode()).hexdigest()


def submission_previous(*, key, kind: str) -> Submission | None:
    return Submission.objects.filter(key=key, kind=kind).first() if key else None


@contextmanager
def submission_claimed(*, key, kind: str, session):
    """Run the body in one transaction with the key claimed: raises AlreadySubmitted
    when the key was used (now or by a request that was running at the same time).
    The body sets `object_id` and `result_url` on the yielded Submission; with no key
    (an old page) it is not recorded and the body runs as before."""
    # Outside the transaction: a new session's row must outlive a rollback.
    filer = session_hash(session)
    submission = Submission(key=key, kind=kind, session_hash=filer)
    claimed = False
    try:
        with transaction.atomic():
            if key is not None:
                # The transaction's first statement, and no look before it: a key sent
                # before fails on the unique index, or waits there for a request still
                # running with it and then fails; every first submission goes straight in.
                submission.save()
            claimed = True
            yield submission
            if key is not None:
                submission.save(update_fields=["object_id", "result_url"])
    except IntegrityError:
        if claimed:
            raise  # the body's own conflict is not ours to hide
        previous = Submission.objects.filter(key=key).first()
        if previous is None:
            raise
        raise AlreadySubmitted(previous) from None


class SubmissionKeyForm(forms.Form):
    """The key alone, to look a resubmission up before the rest of a form is read."""

    submission_key = SubmissionKeyField()


def submission_key_of(data) -> uuid.UUID | None:
    form = SubmissionKeyForm(data)
    return form.cleaned_data["submission_key"] if form.is_valid() else None
