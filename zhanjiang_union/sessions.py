"""The portal's session store: Django's database sessions (its table, its encoding, its
expiry), read and written with one plain statement each.

Every complaint is two requests that each touch the session: the form's first visit
creates it, the filing reads it and saves the receipt into it. Django's store asks the
database whether a new random key is taken before saving it, wraps every save in a
transaction of its own (a savepoint inside one) and goes through the ORM for each of
those statements. Here the INSERT's unique key refuses a key in use (`create` then draws
another), one statement outside a transaction is a transaction by itself, an UPDATE
refuses nothing a savepoint would have to catch, and the three statements are written
out: a first visit's session costs one INSERT instead of four statements, the filing's
read and write one statement each (docs/benchmarks.md, "A mass dispute").
Settings: SESSION_ENGINE.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def _statement(self, sql: str, params: list):
        using = router.db_for_write(self.model)
        connection = connections[using]
        table = connection.ops.quote_name(self.model._meta.db_table)
        cursor = connection.cursor()
        cursor.execute(sql.format(table=table), params)
        return cursor

    def _moment(self, moment):
        return connections[router.db_for_write(self.model)].ops.adapt_datetimefield_value(moment)

    def _get_new_session_key(self) -> str:
        # 32 characters of 36: a key already taken is refused by the INSERT, not looked up.
        return get_random_string(32, VALID_KEY_CHARS)

    def load(self) -> dict:
        with self._statement(
            "SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
            [self.session_key, self._moment(timezone.now())],
        ) as cursor:
            row = cursor.fetchone()
        if row is None:
            # Unknown or expired: a new session gets a new key (no fixation).
            self._session_key = None
            return {}
        return self.decode(row[0])

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        data = self.encode(self._get_session(no_load=must_create))
        expires = self._moment(self.get_expiry_date())
        if not must_create:
            with self._statement(
                "UPDATE {table} SET session_data = %s, expire_date = %s WHERE session_key = %s",
                [data, expires, self.session_key],
            ) as cursor:
                if cursor.rowcount != 1:
                    raise UpdateError  # expired and cleared meanwhile
            return None
        insert = "INSERT INTO {table} (session_key, session_data, expire_date) VALUES (%s, %s, %s)"
        using = router.db_for_write(self.model)
        try:
            if transaction.get_connection(using).in_atomic_block:
                # Inside a transaction a refused INSERT would abort it: a savepoint.
                with transaction.atomic(using=using):
                    self._statement(insert, [self.session_key, data, expires]).close()
            else:
                self._statement(insert, [self.session_key, data, expires]).close()
        except IntegrityError as error:
            raise CreateError from error
        return None
