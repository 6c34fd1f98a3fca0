from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("cases/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("cases/instalments/<int:pk>/payment/", views.payment, name="payment"),
    path("cases/<int:pk>/judicial-confirmation/", views.confirmation, name="confirmation"),
    path("cases/<int:pk>/award-details/", views.award_details, name="award_details"),
    path("cases/<int:pk>/limitation/", views.limitation, name="limitation"),
    path("cases/<int:pk>/limitation/events/", views.limitation_event, name="limitation_event"),
    path("complaints/<int:pk>/non-payment/", views.non_payment, name="non_payment"),
]
