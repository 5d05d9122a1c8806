"""Participants' canvas pages, mounted at /canvas/ (no account: the seat secret counts)."""

from django.urls import path

from .views import participant

app_name = "canvases_public"
urlpatterns = [
    path("<str:code>/<int:activity>/", participant.canvas, name="canvas"),
    path("<str:code>/<int:activity>/cards/", participant.cards, name="cards"),
    path("<str:code>/<int:activity>/add/", participant.card_add, name="card_add"),
    path("<str:code>/<int:activity>/<int:card>/edit/", participant.card_edit, name="card_edit"),
    path("<str:code>/<int:activity>/<int:card>/move/", participant.card_move, name="card_move"),
    path(
        "<str:code>/<int:activity>/<int:card>/remove/",
        participant.card_remove,
        name="card_remove",
    ),
]
