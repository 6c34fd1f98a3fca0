from django.urls import path

from . import views

app_name = "hotline"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("caller/", views.caller_lookup, name="caller"),
    path("calls/", views.call_list, name="calls"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/callback/", views.callback_record, name="callback_record"),
    path("callbacks/", views.callback_list, name="callbacks"),
    path("followups/", views.follow_up_list, name="followups"),
    path("followups/<int:case_pk>/", views.follow_up_record, name="followup_record"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/case/", views.visit_link_case, name="visit_link_case"),
    path("external/", views.external_list, name="external"),
    path("external/new/", views.external_new, name="external_new"),
]
