from django.http import HttpResponse


def audit_log(request, **kwargs):
    return HttpResponse("TODO")


def person_erase_view(request, **kwargs):
    return HttpResponse("TODO")


def person_export_view(request, **kwargs):
    return HttpResponse("TODO")

