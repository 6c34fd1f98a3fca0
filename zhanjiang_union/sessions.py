"""The portal's session store: Django's database sessions without the statements a
write does not need.

Django's store asks the database whether a new random key is taken before saving it, and
wraps every save in a transaction of its own (a savepoint inside one). The INSERT's
unique key already refuses a key in use (`create` then draws another), one statement
outside a transaction is a transaction by itself, and an UPDATE refuses nothing a
savepoint would have to catch. A first visit's session is written in one statement
instead of four (SELECT, BEGIN, INSERT, COMMIT); a filing's, saved in the filing's
transaction, in one instead of three. Settings: SESSION_ENGINE.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, IntegrityError, router, transaction
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self) -> str:
        # 32 characters of 36: a key already taken is refused by the INSERT, not looked up.
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        row = self.create_model_instance(data)
        using = router.db_for_write(self.model, instance=row)
        if not must_create:
            try:
                # No row updated (the session expired and was cleared meanwhile) is
                # Django's own DatabaseError, raised before anything reaches the database.
                row.save(force_update=True, using=using)
            except DatabaseError as error:
                raise UpdateError from error
            return None
        try:
            if transaction.get_connection(using).in_atomic_block:
                # Inside a transaction a refused INSERT would abort it: a savepoint.
                with transaction.atomic(using=using):
                    row.save(force_insert=True, using=using)
            else:
                row.save(force_insert=True, using=using)
        except IntegrityError as error:
            raise CreateError from error
        return None
