from django.urls import path

from . import staff_views

app_name = "work_orders"

urlpatterns = [
    path("<int:pk>/<slug:step>/", staff_views.work_order_step, name="step"),
]
