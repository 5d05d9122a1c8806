"""The public process website: readable by anyone, without an account or JavaScript.

Views stay thin: a selector fetches what is published, the template renders it. Nothing
here writes; the language switcher posts to Django's `set_language`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from arki.core.calendar import calendar_response
from arki.core.models import Process

from . import opendata, selectors
from .selectors import FeedEntry

NEWS_PER_PAGE = 10
DEFAULT_ACCESSIBILITY_CONTACT = "saavutettavuus@arki.invalid"
DEFAULT_PRIVACY_CONTACT = "tietosuoja@arki.invalid"
# Date of the accessibility statement and privacy notice; update it when their text changes.
STATEMENT_DATE = datetime.date(2026, 11, 28)


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "site/index.html", {"processes": selectors.public_processes()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/accessibility.html",
        {
            "contact_email": getattr(
                settings, "ARKI_ACCESSIBILITY_CONTACT", DEFAULT_ACCESSIBILITY_CONTACT
            ),
            "statement_date": STATEMENT_DATE,
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/privacy.html",
        {
            "controller": getattr(settings, "ARKI_PRIVACY_CONTROLLER", ""),
            "contact_email": getattr(settings, "ARKI_PRIVACY_CONTACT", DEFAULT_PRIVACY_CONTACT),
            "processes": selectors.public_processes(),
            "file_retention_days": settings.ARKI_FILE_RETENTION_DAYS,
            "statement_date": STATEMENT_DATE,
        },
    )


def process_home(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.get_public_process(slug)
    overview = selectors.process_overview(process, timezone.localdate())
    return render(request, "site/process.html", {"process": process, "overview": overview})


def workshop(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    process = selectors.get_public_process(slug)
    item = selectors.get_public_workshop(process, position)
    return render(
        request,
        "site/workshop.html",
        {
            "process": process,
            "workshop": item,
            "sections": selectors.public_sections(item),
            "sittings": list(selectors.public_sittings(item)),
            "news": list(selectors.published_news(process).filter(workshop=item)),
        },
    )


def news_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.get_public_process(slug)
    page = Paginator(selectors.published_news(process), NEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "site/news_list.html", {"process": process, "page": page})


def news_detail(request: HttpRequest, slug: str, news_slug: str) -> HttpResponse:
    process = selectors.get_public_process(slug)
    post = selectors.get_public_news_post(process, news_slug)
    return render(request, "site/news_detail.html", {"process": process, "post": post})


def contacts(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.get_public_process(slug)
    by_municipality, project_group = selectors.public_contacts(process)
    return render(
        request,
        "site/contacts.html",
        {"process": process, "by_municipality": by_municipality, "project_group": project_group},
    )


class AtomFeed(Feed):
    """News and published workshop results of one process, for local media and readers.

    The feed is in the language of its address (`/sv/p/<slug>/feed.atom` is Swedish) and
    its links are absolute, built from the request's host.
    """

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Process:
        return selectors.get_public_process(slug)

    def title(self, obj: Process) -> str:
        return obj.tr("name")

    def subtitle(self, obj: Process) -> str:
        return gettext("News and workshop results")

    def link(self, obj: Process) -> str:
        return reverse("site:process", args=[obj.slug])

    def feed_url(self, obj: Process) -> str:
        return reverse("site:feed", args=[obj.slug])

    def feed_guid(self, obj: Process) -> str:
        return f"arki:{obj.slug}:feed:{get_language()}"

    def author_name(self, obj: Process) -> str:
        """RFC 4287 requires an author for every entry: the process speaks for its entries."""
        return obj.tr("name")

    def items(self, obj: Process) -> list[FeedEntry]:
        return selectors.feed_entries(obj)

    def item_title(self, item: FeedEntry) -> str:
        return item.title

    def item_description(self, item: FeedEntry) -> str:
        return item.description

    def item_link(self, item: FeedEntry) -> str:
        return item.link

    def item_guid(self, item: FeedEntry) -> str:
        # The Swedish and the English feed carry translations, not the same entry: each
        # language's entry needs an id of its own (RFC 4287 §4.2.6).
        return f"{item.guid}:{get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: FeedEntry) -> datetime.datetime:
        return item.published

    def item_updateddate(self, item: FeedEntry) -> datetime.datetime:
        return item.published


def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The process's workshop sittings (and workshop days with none set yet) as an iCalendar
    feed residents can subscribe to; in the language of the address."""
    process = selectors.get_public_process(slug)
    return calendar_response(
        gettext("Workshops: %(process)s") % {"process": process.tr("name")},
        selectors.calendar_entries(process, request.build_absolute_uri("/")[:-1]),
        language=get_language() or "fi",
        filename=f"{process.slug}.ics",
    )


# --- open data: published results as files under CC BY 4.0 (arki/site/opendata.py) ---------

#: Downloads may be cached by browsers and proxies for a few minutes: results change only
#: when staff publish, and the page says the files are current as of the download.
OPEN_DATA_MAX_AGE = 300


def _download(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=OPEN_DATA_MAX_AGE)
    return response


def _file_urls(slug: str):
    def urls(kind: str, item: opendata.PublishedDataset, file) -> str:
        if kind == "csv":
            return reverse("site:data_csv", args=[slug, item.name])
        if kind == "json":
            return reverse("site:data_jsonstat", args=[slug, item.name])
        return reverse("site:data_file", args=[slug, item.name, file.filename])

    return urls


def open_data(request: HttpRequest, slug: str) -> HttpResponse:
    """The process's data page: every published result as files, with their columns."""
    process = selectors.get_public_process(slug)
    datasets = opendata.published_datasets(process)
    urls = _file_urls(slug)
    return render(
        request,
        "site/data.html",
        {
            "process": process,
            "datasets": [
                {
                    "item": item,
                    "csv_url": urls("csv", item, None) if item.rows else "",
                    "json_url": urls("json", item, None)
                    if item.rows and item.dataset.jsonstat
                    else "",
                    "files": [(file, urls("file", item, file)) for file in item.files],
                }
                for item in datasets
            ],
            "licence": opendata.opendata.LICENCE,
            "licence_url": opendata.opendata.LICENCE_URL,
            "k": settings.ARKI_K_ANONYMITY,
        },
    )


def open_data_package(request: HttpRequest, slug: str) -> HttpResponse:
    process = selectors.get_public_process(slug)
    doc = opendata.package(
        process,
        opendata.published_datasets(process),
        reverse("site:data", args=[slug]),
        _file_urls(slug),
    )
    response = _download(opendata.opendata.dumps(doc), opendata.JSON_TYPE, "datapackage.json")
    response["Content-Disposition"] = 'inline; filename="datapackage.json"'
    return response


def open_data_csv(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    process = selectors.get_public_process(slug)
    item = opendata.get_dataset(process, name)
    if not item.rows:
        raise Http404
    return _download(
        opendata.csv_text(process, item), opendata.CSV_TYPE, opendata.csv_filename(process, item)
    )


def open_data_jsonstat(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    process = selectors.get_public_process(slug)
    item = opendata.get_dataset(process, name)
    if not item.rows:
        raise Http404
    return _download(
        opendata.opendata.dumps(opendata.jsonstat_doc(process, item)),
        opendata.JSON_TYPE,
        opendata.json_filename(process, item),
    )


def open_data_file(request: HttpRequest, slug: str, name: str, filename: str) -> HttpResponse:
    process = selectors.get_public_process(slug)
    item = opendata.get_dataset(process, name)
    for file in item.files:
        if file.filename == filename:
            return _download(file.content, file.media_type, file.filename)
    raise Http404
