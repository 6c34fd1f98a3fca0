"""The dashboard's URLs, mounted at /dashboard/ (zhanjiang_union/urls.py)."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard.xlsx", views.xlsx, name="xlsx"),
    path("print/", views.print_view, name="print"),
]
