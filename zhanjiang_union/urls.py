from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from . import views
from .accounts.views import LoginView
from .monitoring import views as monitoring_views

admin.site.site_header = _("Zhanjiang Federation of Trade Unions: labor-dispute portal")
admin.site.site_title = _("Labor-dispute portal administration")

handler500 = "zhanjiang_union.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", monitoring_views.metrics, name="metrics"),
    # Staff accounts are created and reset by administrators: no password-reset pages.
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The tracking page's picture (django-simple-captcha), drawn here: no outside service.
    path("captcha/", include("captcha.urls")),
    # One login page for the portal and its admin, with one set of limits.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("start/", views.start, name="start"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cases.urls")),
    path("", include("documents.urls")),
    path("", include("performance.urls")),
    path("leadership/", include("leadership.urls")),
    path("hotline/", include("hotline.urls")),
    path("law/", include("knowledge.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("inbox/", include("zhanjiang_union.notifications.urls")),
    path("", include("zhanjiang_union.workdays.urls")),
    path("api/", include("api.urls")),
    path("work-orders/", include("api.staff_urls")),
    path("admin/", admin.site.urls),
]
handler500 = "zhanjiang_union.resilience.views.server_error"
