"""The read-only, versioned JSON API of the public website, mounted at /api/v1/.

It publishes what the public pages publish (processes, phases, workshops, sittings, results,
news and the decisions tool's actions) and nothing else: see `endpoints.py` for how it reads
through the pages' own selectors, `http.py` for language, rate limit, caching and pagination.
The OpenAPI document is at /api/v1/openapi.json and its reading page at /api/v1/docs, a page
rendered on the server (django-ninja's Swagger UI would load scripts from a CDN, which the
Content-Security-Policy forbids). A change that breaks clients gets /api/v2/ beside v1.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from .endpoints import router
from .http import MAX_LIMIT, languages, public_endpoint

VERSION = "1"

DESCRIPTION = f"""Read-only data of Arki's public process websites: the same published
processes, phases, workshops, sittings, results, news and actions as the pages, and nothing
else (no drafts, no personal data).

* **Language:** `?lang=` ({", ".join(languages())}), else `Accept-Language`, else Finnish.
  Texts written only in Finnish are given in Finnish, as on the pages.
* **Pages of lists:** `?limit=` (1–{MAX_LIMIT}, default 20) and `?offset=`; every list answers
  `{{"count", "limit", "offset", "items"}}`. A bound out of range is refused with 422.
* **Caching:** responses carry an `ETag` and `Cache-Control: public, max-age=…`; send
  `If-None-Match` to get 304 when nothing changed.
* **Rate limit:** a number of requests per client per window; then 429 with `Retry-After`.
"""


class ServerDocs(DocsBase):
    """The API's reading page: the OpenAPI document rendered as HTML on the server (no
    JavaScript, nothing from a CDN, so it works under the site's strict CSP)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        # Plain lists for the template: its dotted lookups would read a property named
        # "items" (the lists' own field) before a dict's items() method.
        operations = [
            {
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": operation.get("parameters", []),
                "responses": [
                    (code, answer.get("description", ""))
                    for code, answer in operation.get("responses", {}).items()
                ],
            }
            for path, methods in schema["paths"].items()
            for method, operation in methods.items()
        ]
        shapes = [
            (name, [(field, spec.get("description", "")) for field, spec in props.items()])
            for name, shape in schema.get("components", {}).get("schemas", {}).items()
            if (props := shape.get("properties"))
        ]
        return render(
            request,
            "site/api/docs.html",
            {
                "schema": schema,
                "operations": operations,
                "shapes": shapes,
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )


class PublicApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The generated document, plus what `public_endpoint` adds to every operation: the
        `lang` parameter and the 400 and 429 answers."""
        schema = super().get_openapi_schema(**kwargs)
        for methods in schema["paths"].values():
            for operation in methods.values():
                operation.setdefault("parameters", []).append(
                    {
                        "in": "query",
                        "name": "lang",
                        "required": False,
                        "description": "Language of the texts (default: Accept-Language).",
                        "schema": {"type": "string", "enum": languages()},
                    }
                )
                answers = operation.setdefault("responses", {})
                answers.setdefault("400", {"description": "Unknown language."})
                answers.setdefault(
                    "422", {"description": "A parameter out of range (limit, offset)."}
                )
                answers["429"] = {
                    "description": "Too many requests; wait the seconds in Retry-After.",
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                }
        return schema


api = PublicApi(
    title="Arki public data API",
    version=VERSION,
    description=DESCRIPTION,
    urls_namespace="api_v1",
    docs=ServerDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=public_endpoint,
)
api.add_decorator(public_endpoint, mode="view")
api.add_router("", router)
