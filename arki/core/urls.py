"""Staff pages of the core, mounted under /staff/."""

from django.urls import path

from .views import accounts, gdpr, groups, jobs, live, outbox, people, processes

app_name = "core"
urlpatterns = [
    path("", processes.dashboard, name="dashboard"),
    path("new/", processes.process_create, name="process_create"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="job_progress"),
    path("sessions/<str:code>/", live.session_console, name="session_console"),
    path("sessions/<str:code>/close/", live.session_close_view, name="session_close"),
    path("sessions/<str:code>/settings/", live.session_settings_view, name="session_settings"),
    path("sessions/<str:code>/activities/new/", live.activity_add_view, name="activity_add"),
    path(
        "sessions/<str:code>/activities/<int:pk>/state/",
        live.activity_state_view,
        name="activity_state",
    ),
    path(
        "sessions/<str:code>/activities/<int:pk>/edit/",
        live.activity_edit_view,
        name="activity_edit",
    ),
    path(
        "sessions/<str:code>/activities/<int:pk>/delete/",
        live.activity_delete_view,
        name="activity_delete",
    ),
    path(
        "sessions/<str:code>/activities/<int:pk>/duplicate/",
        live.activity_duplicate_view,
        name="activity_duplicate",
    ),
    path(
        "sessions/<str:code>/activities/<int:pk>/share/",
        live.activity_share_view,
        name="activity_share",
    ),
    path(
        "sessions/<str:code>/activities/<int:pk>/export.csv",
        live.activity_export_view,
        name="activity_export",
    ),
    path(
        "sessions/<str:code>/activities/<int:pk>/questions/",
        live.activity_questions_view,
        name="activity_questions",
    ),
    path("sessions/<str:code>/timer/", live.session_timer_view, name="session_timer"),
    path("sessions/<str:code>/paper/", live.paper_entry, name="paper_entry"),
    path("sessions/<str:code>/projector/", live.projector, name="projector"),
    path(
        "sessions/<str:code>/projector/results/", live.projector_results, name="projector_results"
    ),
    path("sessions/<str:code>/qr.svg", live.session_qr, name="session_qr"),
    path("<slug:slug>/", processes.process_detail, name="process_detail"),
    path("<slug:slug>/workshops/", processes.workshop_list, name="workshop_list"),
    path("<slug:slug>/metrics/", processes.metrics, name="metrics"),
    path(
        "<slug:slug>/workshops/<int:position>/", processes.workshop_detail, name="workshop_detail"
    ),
    path(
        "<slug:slug>/workshops/<int:position>/edit/",
        processes.workshop_edit,
        name="workshop_edit",
    ),
    path(
        "<slug:slug>/workshops/<int:position>/sittings/new/",
        processes.sitting_create_view,
        name="sitting_create",
    ),
    path(
        "<slug:slug>/workshops/<int:position>/sittings/<int:pk>/edit/",
        processes.sitting_edit_view,
        name="sitting_edit",
    ),
    path(
        "<slug:slug>/workshops/<int:position>/sittings/<int:pk>/delete/",
        processes.sitting_delete_view,
        name="sitting_delete",
    ),
    path(
        "<slug:slug>/workshops/<int:position>/publish/",
        processes.workshop_publish_view,
        name="workshop_publish",
    ),
    path(
        "<slug:slug>/workshops/<int:position>/session/",
        live.session_open_view,
        name="session_open",
    ),
    path("<slug:slug>/groups/", groups.group_list, name="group_list"),
    path("<slug:slug>/groups/new/", groups.group_member_create, name="group_member_create"),
    path("<slug:slug>/groups/<int:pk>/edit/", groups.group_member_edit, name="group_member_edit"),
    path(
        "<slug:slug>/groups/<int:pk>/delete/",
        groups.group_member_delete,
        name="group_member_delete",
    ),
    path("<slug:slug>/meetings/", processes.meeting_list, name="meeting_list"),
    path("<slug:slug>/meetings/<int:pk>/", processes.meeting_detail, name="meeting_detail"),
    path("<slug:slug>/tasks/<int:pk>/status/", processes.task_status, name="task_status"),
    path("<slug:slug>/reports/", jobs.reports_regenerate, name="reports_regenerate"),
    path("<slug:slug>/people/", people.person_list, name="person_list"),
    path("<slug:slug>/people/new/", people.person_create_view, name="person_create"),
    path("<slug:slug>/people/<str:code>/", people.person_detail, name="person_detail"),
    path("<slug:slug>/people/<str:code>/edit/", people.person_edit_view, name="person_edit"),
    path("<slug:slug>/people/<str:code>/consent/", people.consent_add, name="consent_add"),
    path(
        "<slug:slug>/people/<str:code>/export.<str:fmt>",
        gdpr.person_export_view,
        name="person_export",
    ),
    path("<slug:slug>/people/<str:code>/erase/", gdpr.person_erase_view, name="person_erase"),
    path("<slug:slug>/audit/", gdpr.audit_log, name="audit_log"),
    path("<slug:slug>/messages/", outbox.outbox_list, name="outbox"),
    path("<slug:slug>/messages/letters/", outbox.letters_print, name="letters_print"),
    path("<slug:slug>/messages/<int:pk>/retry/", outbox.outbox_retry, name="outbox_retry"),
    path(
        "<slug:slug>/people/<str:code>/messages/",
        outbox.person_messages,
        name="person_messages",
    ),
    path(
        "<slug:slug>/workshops/<int:position>/sittings/<int:pk>/invite/",
        outbox.sitting_invite_view,
        name="sitting_invite",
    ),
    path("<slug:slug>/staff/", accounts.staff_list, name="staff_list"),
    path("<slug:slug>/staff/export.csv", accounts.staff_export, name="staff_export"),
    path("<slug:slug>/staff/invite/", accounts.staff_invite, name="staff_invite"),
    path("<slug:slug>/staff/roles/<int:pk>/", accounts.role_edit, name="role_edit"),
    path(
        "<slug:slug>/staff/roles/<int:pk>/withdraw/",
        accounts.role_withdraw_view,
        name="role_withdraw",
    ),
    path(
        "<slug:slug>/staff/<int:pk>/deactivate/",
        accounts.account_deactivate_view,
        name="account_deactivate",
    ),
    path(
        "<slug:slug>/staff/<int:pk>/reset-factor/",
        accounts.second_factor_reset_view,
        name="second_factor_reset",
    ),
]
