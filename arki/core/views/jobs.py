from django.http import HttpResponse


def job_detail(request, **kwargs):
    return HttpResponse("TODO")


def job_progress(request, **kwargs):
    return HttpResponse("TODO")


def reports_regenerate(request, **kwargs):
    return HttpResponse("TODO")

