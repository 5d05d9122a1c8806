from django.http import HttpResponse


def consent_add(request, **kwargs):
    return HttpResponse("TODO")


def person_create_view(request, **kwargs):
    return HttpResponse("TODO")


def person_detail(request, **kwargs):
    return HttpResponse("TODO")


def person_list(request, **kwargs):
    return HttpResponse("TODO")

