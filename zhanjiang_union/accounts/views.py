"""Staff login. Accounts are created and reset by administrators, so the only auth pages
are logging in and out and changing one's own password (no e-mailed reset links)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from zhanjiang_union import throttle

# One client trying many accounts (credential stuffing) is refused for the rest of the hour,
# whichever account it names. One account's wrong passwords lock only that account *from
# that client* (django-axes, AXES_LOCKOUT_PARAMETERS), so the right password from any other
# address still works: nobody can lock a colleague out.
LOGIN_CLIENT_LIMIT = throttle.Limit(
    "accounts.login.client", f"{settings.LOGIN_CLIENT_FAILURES_PER_HOUR}/h"
)


class LoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        wait = throttle.wait_seconds(request, LOGIN_CLIENT_LIMIT)
        if wait:
            # Refused before any password is checked, so it is not one more failure for axes.
            form = self.form_class(request, initial={"username": request.POST.get("username", "")})
            refused = _("Too many failed logins from this address. %(retry)s") % {
                "retry": throttle.retry_in(wait)
            }
            context = self.get_context_data(form=form, refused=refused)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.attempt_count(self.request, LOGIN_CLIENT_LIMIT)
        return super().form_invalid(form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer for a locked (account, client) pair: when to try again. Each
    attempt while locked starts the cool-off anew, so the wait is the whole cool-off."""
    from django.shortcuts import render

    wait = int(settings.AXES_COOLOFF_TIME.total_seconds())
    return render(
        request, "registration/locked_out.html", {"retry": throttle.retry_in(wait)}, status=429
    )
