from django.http import HttpResponse


def dashboard(request, **kwargs):
    return HttpResponse("TODO")


def meeting_detail(request, **kwargs):
    return HttpResponse("TODO")


def meeting_list(request, **kwargs):
    return HttpResponse("TODO")


def process_create(request, **kwargs):
    return HttpResponse("TODO")


def process_detail(request, **kwargs):
    return HttpResponse("TODO")


def task_status(request, **kwargs):
    return HttpResponse("TODO")


def workshop_detail(request, **kwargs):
    return HttpResponse("TODO")


def workshop_edit(request, **kwargs):
    return HttpResponse("TODO")


def workshop_list(request, **kwargs):
    return HttpResponse("TODO")


def workshop_publish_view(request, **kwargs):
    return HttpResponse("TODO")

