"""The worker's sign-in with the mobile number of a complaint and an SMS code, and the
complaints it shows. The query code still works without it (cases:track)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from zhanjiang_union.masking import mask_phone

from . import signin
from .forms import PhoneSignInForm, SignInCodeForm


def signed_in_phone(request) -> str | None:
    return request.session.get(signin.SESSION_KEY)


@never_cache
@ratelimit(key="ip", rate="10/h", method="POST", block=False)
def sign_in(request):
    form = PhoneSignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(None, _("Too many attempts. Please wait an hour, or call 12351."))
            status = 429
        elif form.is_valid():
            phone = form.cleaned_data["phone"]
            try:
                signin.sign_in_code_send(phone=phone)
            except signin.SignInError as error:
                form.add_error(None, error.message)
                status = 429
            else:
                request.session[signin.PENDING_KEY] = phone
                # The same words for any number: whether it is on a complaint stays unsaid.
                messages.info(
                    request,
                    _(
                        "If %(phone)s is the number of a complaint, a code has been sent to "
                        "it by SMS. It is valid for 5 minutes."
                    )
                    % {"phone": mask_phone(phone)},
                )
                return redirect("cases:sign_in_code")
    return render(request, "cases/sign_in.html", {"form": form}, status=status)


@never_cache
@ratelimit(key="ip", rate="20/h", method="POST", block=False)
def sign_in_code(request):
    phone = request.session.get(signin.PENDING_KEY)
    if not phone:
        return redirect("cases:sign_in")
    form = SignInCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(None, _("Too many attempts. Please wait an hour, or call 12351."))
            status = 429
        elif form.is_valid():
            if signin.sign_in_code_check(phone=phone, code=form.cleaned_data["code"]):
                request.session.cycle_key()  # a new session id once signed in
                request.session.pop(signin.PENDING_KEY, None)
                request.session[signin.SESSION_KEY] = phone
                request.session.set_expiry(signin.SIGNED_IN_SECONDS)
                return redirect("cases:phone_cases")
            form.add_error("code", _("This code is wrong or has expired. Ask for a new one."))
    return render(
        request,
        "cases/sign_in_code.html",
        {"form": form, "phone": mask_phone(phone)},
        status=status,
    )


@never_cache
def phone_cases(request):
    phone = signed_in_phone(request)
    if not phone:
        return redirect("cases:sign_in")
    return render(
        request,
        "cases/phone_cases.html",
        {"cases": signin.cases_for_phone(phone=phone), "phone": mask_phone(phone)},
    )


@never_cache
def phone_case(request, pk: int):
    from .views import _worker_case_page

    phone = signed_in_phone(request)
    if not phone:
        return redirect("cases:sign_in")
    case = signin.cases_for_phone(phone=phone).filter(pk=pk).first()
    if case is None:
        raise Http404
    return _worker_case_page(request, case, redirect_to="cases:phone_case", pk=case.pk)


@require_POST
def sign_out(request):
    request.session.pop(signin.SESSION_KEY, None)
    request.session.cycle_key()
    messages.success(request, _("You are signed out."))
    return redirect("cases:track")
