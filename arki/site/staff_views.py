"""Staff pages for the public website's news: list, write, preview, publish, withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arki.core.forms import apply_errors, edited_fields
from arki.core.selectors.processes import get_process_for_user

from . import services
from .forms import NewsPostForm
from .selectors import get_news_post_for_user, news_for_staff

MANAGE = "site.news"
PAGE_SIZE = 25


@login_required
def news_admin_list(request, slug):
    process = get_process_for_user(request.user, slug, MANAGE)
    page = Paginator(news_for_staff(process), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "site/staff/news_list.html",
        {"process": process, "page": page, "now": timezone.now()},
    )


@login_required
def news_admin_create(request, slug):
    process = get_process_for_user(request.user, slug, MANAGE)
    form = NewsPostForm(
        request.POST or None, process=process, initial={"published_at": timezone.now()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.news_post_create(
                process=process,
                slug=services.unique_news_slug(process, data["title"]),
                is_published=False,
                by=request.user,
                **data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The draft was saved. Preview it, then publish it."))
            return redirect("news:preview", slug=slug, pk=post.pk)
    return render(request, "site/staff/news_edit.html", {"process": process, "form": form})


@login_required
def news_admin_edit(request, slug, pk):
    post = get_news_post_for_user(request.user, slug, pk, MANAGE)
    form = NewsPostForm(request.POST or None, instance=post, process=post.process)
    if request.method == "POST" and form.is_valid():
        fields = edited_fields(form)
        try:
            services.news_post_update(post=post, by=request.user, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The news item was saved."))
            return redirect("news:preview", slug=slug, pk=post.pk)
    return render(
        request,
        "site/staff/news_edit.html",
        {"process": post.process, "form": form, "post": post},
    )


@login_required
def news_admin_preview(request, slug, pk):
    """The post as readers will see it in each language (Finnish where a translation is
    missing), before or after it is published."""
    post = get_news_post_for_user(request.user, slug, pk, MANAGE)
    versions = []
    for code, name in (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))):
        with translation.override(code):
            versions.append(
                {"code": code, "name": name, "title": post.tr("title"), "body": post.tr("body")}
            )
    return render(
        request,
        "site/staff/news_preview.html",
        {"process": post.process, "post": post, "versions": versions, "now": timezone.now()},
    )


@login_required
def news_admin_publish(request, slug, pk):
    """Asks for confirmation; POST publishes (`publish=1`) or withdraws the post."""
    post = get_news_post_for_user(request.user, slug, pk, MANAGE)
    publish = not post.is_published
    if request.method == "POST":
        publish = request.POST.get("publish") == "1"
        services.news_post_publish(post=post, by=request.user, published=publish)
        if not publish:
            messages.success(request, _("The news item was removed from the website."))
        elif post.published_at > timezone.now():
            messages.success(request, _("The news item will appear at the time you set."))
        else:
            messages.success(request, _("The news item is now on the website."))
        return redirect("news:list", slug=slug)
    return render(
        request,
        "site/staff/news_publish.html",
        {"process": post.process, "post": post, "publish": publish, "now": timezone.now()},
    )
