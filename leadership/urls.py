from django.urls import path

from . import views

app_name = "leadership"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("roster.docx", views.roster_download, name="roster_docx"),
    path("history/", views.roster_history, name="history"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("reports/", views.report_list, name="reports"),
    path("reports/open/", views.report_open, name="report_open"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
]
