from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search_page, name="search"),
    path("laws/<int:pk>/", views.law_detail, name="law"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("cases/", views.typical_case_list, name="typical_cases"),
    path("cases/<int:pk>/", views.typical_case_detail, name="typical_case"),
    path("lectures/", views.lecture_list, name="lectures"),
    path("lectures/<int:pk>/", views.lecture_detail, name="lecture"),
    path("staff/search/", views.staff_search, name="staff_search"),
    path("staff/lectures/", views.lecture_staff_list, name="staff_lectures"),
    path("staff/lectures/new/", views.lecture_edit, name="staff_lecture_new"),
    path("staff/lectures/<int:pk>/", views.lecture_edit, name="staff_lecture"),
    path("staff/guides/<slug:slug>/sms/", views.guide_sms, name="guide_sms"),
    path("staff/typical-cases/", views.typical_case_staff_list, name="staff_typical_cases"),
    path(
        "staff/cases/<int:case_pk>/typical-case/", views.typical_case_new, name="typical_case_new"
    ),
    path("staff/typical-cases/<int:pk>/", views.typical_case_edit, name="staff_typical_case"),
    path(
        "staff/typical-cases/<int:pk>/<str:action>/",
        views.typical_case_action,
        name="typical_case_action",
    ),
]
