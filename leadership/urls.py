from django.urls import path

from . import views, views_roster

app_name = "leadership"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("roster.docx", views.roster_download, name="roster_docx"),
    path("history/", views.roster_history, name="history"),
    path("members/", views_roster.member_list, name="members"),
    path("members/new/", views_roster.member_new, name="member_new"),
    path("members/order/", views_roster.member_order, name="member_order"),
    path("members/<int:pk>/", views_roster.member_edit, name="member_edit"),
    path("members/<int:pk>/retire/", views_roster.member_retire, name="member_retire"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("reports/", views.report_list, name="reports"),
    path("reports/open/", views.report_open, name="report_open"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
]
