from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("cases/<int:pk>/documents/", views.case_documents, name="case_documents"),
    path("cases/<int:pk>/documents/new/<slug:kind>/", views.document_make, name="make"),
    path("documents/<int:pk>/docx/", views.document_docx, name="docx"),
    path("documents/<int:pk>/print/", views.document_print, name="print"),
    path("complaints/track/documents/<int:pk>/", views.tracked_document_docx, name="tracked_docx"),
    path("complaints/mine/documents/<int:pk>/", views.my_document_docx, name="my_docx"),
    path("complaints/by-phone/documents/<int:pk>/", views.phone_document_docx, name="phone_docx"),
    path("documents/templates/", views.template_list, name="templates"),
    path("documents/templates/<slug:kind>/", views.template_edit, name="template_edit"),
]
