from django.urls import path

from . import views, views_collective, views_grid, views_signin

app_name = "cases"

urlpatterns = [
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/done/", views.complaint_done, name="complaint_done"),
    path("complaints/track/", views.track, name="track"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("complaints/track/result/", views.track_result, name="track_result"),
    path("complaints/sign-in/", views_signin.sign_in, name="sign_in"),
    path("complaints/sign-in/code/", views_signin.sign_in_code, name="sign_in_code"),
    path("complaints/sign-out/", views_signin.sign_out, name="sign_out"),
    path("complaints/by-phone/", views_signin.phone_cases, name="phone_cases"),
    path("complaints/by-phone/<int:pk>/", views_signin.phone_case, name="phone_case"),
    path("complaints/mine/", views.my_cases, name="my_cases"),
    path("complaints/mine/<int:pk>/", views.my_case, name="my_case"),
    path("cases/", views.workbench, name="workbench"),
    path("grid/", views_grid.my_organisation, name="my_organisation"),
    path("grid/<int:pk>/", views_grid.organisation_page, name="organisation"),
    path("grid/<int:pk>/merge/", views_grid.organisation_merge, name="organisation_merge"),
    path(
        "grid/<int:pk>/organisations.xlsx", views_grid.organisations_xlsx, name="organisations_xlsx"
    ),
    path("grid/import/", views_grid.organisations_import, name="organisations_import"),
    path("grid/<int:pk>/mediators.xlsx", views_grid.mediators_xlsx, name="mediators_xlsx"),
    path(
        "grid/<int:pk>/mediators/import/",
        views_grid.mediators_import,
        name="mediators_import",
    ),
    path("grid/<int:pk>/mediators/new/", views_grid.mediator_new, name="mediator_new"),
    path("grid/mediators/<int:pk>/", views_grid.mediator_edit, name="mediator_edit"),
    path(
        "grid/mediators/<int:pk>/end/",
        views_grid.mediator_end_period,
        name="mediator_end",
    ),
    path(
        "grid/secondments/<int:pk>/acknowledge/",
        views_grid.secondment_acknowledge,
        name="secondment_acknowledge",
    ),
    path(
        "grid/secondments/<int:pk>/decline/",
        views_grid.secondment_decline,
        name="secondment_decline",
    ),
    path("cases/new/", views.staff_intake, name="intake"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/move/<slug:action>/", views.case_move, name="move"),
    path("cases/<int:pk>/assign/", views.case_assign, name="assign"),
    path("cases/<int:pk>/hand-on/<slug:direction>/", views.case_hand_on, name="hand_on"),
    path("cases/<int:pk>/note/", views.note_add, name="note"),
    path("cases/<int:pk>/related/", views.case_related, name="related"),
    path("cases/<int:pk>/collective/", views_collective.roll, name="collective"),
    path("cases/<int:pk>/collective/merge/", views_collective.merge, name="collective_merge"),
    path("cases/<int:pk>/collective/roll.xlsx", views_collective.roll_xlsx, name="collective_xlsx"),
    path("cases/<int:pk>/collective/split/", views_collective.split, name="collective_split"),
    path(
        "cases/<int:pk>/collective/representative/",
        views_collective.representative,
        name="collective_representative",
    ),
    path("cases/<int:pk>/collective/notice/", views_collective.notice, name="collective_notice"),
    path("cases/<int:pk>/mass-incident/", views.mass_incident, name="mass_incident"),
    path("cases/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("cases/<int:pk>/recovered/", views.recovered, name="recovered"),
    path("cases/<int:pk>/agreement/", views.agreement_print, name="agreement"),
    path("cases/sessions/<int:pk>/result/", views.session_result, name="session_result"),
    path("cases/handoffs/<int:pk>/acknowledge/", views.handoff_acknowledge, name="handoff_ack"),
    path("cases/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("cases/reopen-requests/<int:pk>/", views.reopen_decide, name="reopen_decide"),
    path("cases/deadlines/<int:pk>/extend/", views.deadline_extend, name="deadline_extend"),
    path("cases/deadlines/<int:pk>/pause/", views.deadline_pause, name="deadline_pause"),
    path("cases/deadlines/<int:pk>/resume/", views.deadline_resume, name="deadline_resume"),
]
