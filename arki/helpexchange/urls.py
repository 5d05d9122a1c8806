"""Staff pages, mounted at /staff/help/; every URL takes the process slug first."""

from django.urls import path

from .views import calendar, events, mine, recipients, staff, volunteers

app_name = "helpexchange"
urlpatterns = [
    path("<slug:slug>/", staff.dashboard, name="dashboard"),
    path("<slug:slug>/requests/", staff.request_list, name="request_list"),
    path("<slug:slug>/requests/new/", staff.request_create, name="request_create"),
    path("<slug:slug>/requests/export.csv", staff.request_export, name="request_export"),
    path("<slug:slug>/requests/assign-all/", staff.assignment_pass, name="assignment_pass"),
    path("<slug:slug>/requests/<int:pk>/", staff.request_detail, name="request_detail"),
    path("<slug:slug>/requests/<int:pk>/match/", staff.request_match, name="request_match"),
    path("<slug:slug>/requests/<int:pk>/pause/", staff.request_pause, name="request_pause"),
    path(
        "<slug:slug>/requests/<int:pk>/feedback/", staff.request_feedback, name="request_feedback"
    ),
    path(
        "<slug:slug>/requests/<int:pk>/incident/", staff.request_incident, name="request_incident"
    ),
    path(
        "<slug:slug>/requests/<int:pk>/helpers/<int:assignment>/resend/",
        staff.assignment_resend,
        name="assignment_resend",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/helpers/<int:assignment>/done/",
        staff.assignment_done,
        name="assignment_done",
    ),
    path("<slug:slug>/incidents/", staff.incident_list, name="incident_list"),
    path(
        "<slug:slug>/incidents/<int:pk>/resolve/", staff.incident_resolve, name="incident_resolve"
    ),
    path("<slug:slug>/people/", recipients.recipient_list, name="recipient_list"),
    path("<slug:slug>/people/<int:pk>/", recipients.recipient_detail, name="recipient_detail"),
    path("<slug:slug>/people/<int:pk>/proxy/", recipients.proxy_add, name="proxy_add"),
    path("<slug:slug>/people/<int:pk>/link/", recipients.account_link, name="account_link"),
    path("<slug:slug>/people/<int:pk>/unlink/", recipients.account_unlink, name="account_unlink"),
    path("<slug:slug>/own/", recipients.own_requests, name="own_requests"),
    path("<slug:slug>/volunteers/", volunteers.volunteer_list, name="volunteer_list"),
    path("<slug:slug>/volunteers/new/", volunteers.volunteer_create, name="volunteer_create"),
    path("<slug:slug>/volunteers/<int:pk>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path(
        "<slug:slug>/volunteers/<int:pk>/consent/",
        volunteers.volunteer_consent,
        name="volunteer_consent",
    ),
    path(
        "<slug:slug>/volunteers/<int:pk>/status/",
        volunteers.volunteer_status,
        name="volunteer_status",
    ),
    path(
        "<slug:slug>/volunteers/<int:pk>/certificate/",
        volunteers.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "<slug:slug>/volunteers/<int:pk>/certificate/<int:cert>.pdf",
        volunteers.certificate_pdf,
        name="certificate_pdf",
    ),
    path("<slug:slug>/events/", events.event_list, name="event_list"),
    path("<slug:slug>/events/new/", events.event_create, name="event_create"),
    path("<slug:slug>/events/<int:pk>/", events.event_detail, name="event_detail"),
    path("<slug:slug>/events/<int:pk>/signup/", events.event_signup, name="event_signup"),
    path(
        "<slug:slug>/events/<int:pk>/attendance/", events.event_attendance, name="event_attendance"
    ),
    path("<slug:slug>/mine/", mine.mine, name="mine"),
    path("<slug:slug>/mine/calendar/", calendar.volunteer_calendar, name="volunteer_calendar"),
    path("<slug:slug>/mine/<int:pk>/pick/", mine.pick, name="pick"),
]
