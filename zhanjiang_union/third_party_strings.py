"""Strings that third-party packages show in the admin without a Chinese translation of
their own, listed here so that makemessages keeps them in our catalogue (LOCALE_PATHS comes
first, so our translation is the one used). Never imported: gettext_noop only marks them.

- django-simple-history's history page heads each `history_list_display` column with the
  field's name itself ({% trans column %}), and has no Chinese for "Changes".
- django-axes ships no Chinese at all.
"""

from django.utils.translation import gettext_noop

SIMPLE_HISTORY = [
    gettext_noop("Changes"),
    gettext_noop("title"),
    gettext_noop("active_until"),
]

AXES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Logout Time"),
    gettext_noop("Access lock out"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
]
