"""The one kind of error a service raises when a rule refuses a change.

Each app names its own (CaseError, DeadlineError, HotlineError, LeadershipError) for the
reader; all of them are a DomainError, so a view answers every refusal the same way: the
message above the form, in the user's language, and what was typed kept.
"""


class DomainError(Exception):
    """A rule refused the change; the message is for the user, in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
