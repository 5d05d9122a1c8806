"""Pages for residents without an account, mounted at the manifest's `public_url_prefix`."""

from django.urls import path

app_name = "decisions_public"
urlpatterns: list = []

# criteria vote (dcriteria): a participant proposes a criterion (the seat secret counts)
from .views import criteria as criteria_views  # noqa: E402

urlpatterns += [
    path(
        "<str:code>/<int:activity>/propose/",
        criteria_views.criterion_propose,
        name="criterion_propose",
    ),
]
