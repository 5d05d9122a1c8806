"""Participants' voucher wallet, mounted at /vouchers/ (no account: the seat secret counts)."""

from django.urls import path

from .views import participant

app_name = "budgeting_public"
urlpatterns = [
    path("<str:code>/<int:activity>/", participant.wallet, name="wallet"),
    path(
        "<str:code>/<int:activity>/gifts/<int:gift>/take-back/",
        participant.take_back,
        name="take_back",
    ),
]
