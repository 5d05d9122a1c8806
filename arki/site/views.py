from django.contrib.syndication.views import Feed
from django.http import HttpResponse


def index(request, **kwargs):
    return HttpResponse("TODO")


def accessibility(request, **kwargs):
    return HttpResponse("TODO")


def privacy(request, **kwargs):
    return HttpResponse("TODO")


def process_home(request, **kwargs):
    return HttpResponse("TODO")


def workshop(request, **kwargs):
    return HttpResponse("TODO")


def news_list(request, **kwargs):
    return HttpResponse("TODO")


def news_detail(request, **kwargs):
    return HttpResponse("TODO")


def contacts(request, **kwargs):
    return HttpResponse("TODO")


class AtomFeed(Feed):
    title = "x"
    link = "/"

    def items(self):
        return []
