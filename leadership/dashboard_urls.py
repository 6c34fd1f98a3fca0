"""The dashboard's URLs, mounted at /dashboard/ (zhanjiang_union/urls.py)."""

from django.urls import path

from . import views_dashboard

app_name = "dashboard"

urlpatterns = [
    path("", views_dashboard.index, name="index"),
    path("dashboard.xlsx", views_dashboard.xlsx, name="xlsx"),
    path("print/", views_dashboard.print_view, name="print"),
]
