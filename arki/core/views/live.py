from django.http import HttpResponse


def activity_add_view(request, **kwargs):
    return HttpResponse("TODO")


def activity_state_view(request, **kwargs):
    return HttpResponse("TODO")


def answer(request, **kwargs):
    return HttpResponse("TODO")


def join(request, **kwargs):
    return HttpResponse("TODO")


def join_start(request, **kwargs):
    return HttpResponse("TODO")


def paper_entry(request, **kwargs):
    return HttpResponse("TODO")


def participant(request, **kwargs):
    return HttpResponse("TODO")


def participant_fragment(request, **kwargs):
    return HttpResponse("TODO")


def projector(request, **kwargs):
    return HttpResponse("TODO")


def projector_results(request, **kwargs):
    return HttpResponse("TODO")


def session_close_view(request, **kwargs):
    return HttpResponse("TODO")


def session_console(request, **kwargs):
    return HttpResponse("TODO")


def session_open_view(request, **kwargs):
    return HttpResponse("TODO")


def session_qr(request, **kwargs):
    return HttpResponse("TODO")

