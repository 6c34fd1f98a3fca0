from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Zhanjiang Federation of Trade Unions: labor-dispute portal")
admin.site.site_title = _("Labor-dispute portal administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cases.urls")),
    path("leadership/", include("leadership.urls")),
    path("hotline/", include("hotline.urls")),
    path("dashboard/", include(("leadership.dashboard_urls", "dashboard"))),
    path("inbox/", include("zhanjiang_union.notifications.urls")),
    path("api/", include("api.urls")),
    path("work-orders/", include("api.staff_urls")),
    path("admin/", admin.site.urls),
]
