"""URL map: the core (staff pages, live sessions and the public site at the root), then
every registered tool under its own prefix.

Tools are not imported here by name: each tool's manifest names its URL module and prefix,
so adding a tool to INSTALLED_APPS is all it takes to mount it.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import JavaScriptCatalog

from arki.core.health import health
from arki.core.registry import registry
from arki.core.views.accounts import LoginView
from arki.core.views.sms import sms_callback
from arki.site.api import api as public_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    # For the load balancer: no language prefix, no log-in (docs/deployment.md).
    path("health/", health, name="health"),
    # The SMS operator's delivery reports and replies: signed, no language prefix.
    path("sms/callback/", sms_callback, name="sms_callback"),
    # The read-only public data API (arki/site/api): versioned, no language prefix (?lang=).
    path("api/v1/", public_api.urls),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("arki.core.account_urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("staff/", include("arki.core.urls")),
    *[
        path(f"staff/{tool.url_prefix}/", include(tool.urls))
        for tool in registry.tools()
        if tool.urls
    ],
    *[
        path(f"{tool.public_url_prefix}/", include(tool.public_urls))
        for tool in registry.tools()
        if tool.public_urls
    ],
    path("", include("arki.core.live_urls")),
    # A person's own message settings, from the link in every invitation and reminder.
    path("messages/", include("arki.core.outbox_urls")),
    path("", include("arki.site.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
