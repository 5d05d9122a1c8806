"""Staff pages of the canvases tool, mounted at /staff/canvases/ from the manifest."""

from django.urls import path

from .views import staff

app_name = "canvases"
urlpatterns = [
    path("<slug:slug>/", staff.index, name="index"),
    path("<slug:slug>/<int:pk>/", staff.detail, name="detail"),
    path("<slug:slug>/<int:pk>/cards/", staff.detail_cards, name="detail_cards"),
    path("<slug:slug>/<int:pk>/paper/", staff.paper_card, name="paper_card"),
    path("<slug:slug>/<int:pk>/paper/photo/", staff.paper_photo, name="paper_photo"),
    path("<slug:slug>/<int:pk>/publish/", staff.publish, name="publish"),
    path("<slug:slug>/<int:pk>/cards/<int:card>/confirm/", staff.card_confirm, name="card_confirm"),
    path("<slug:slug>/<int:pk>/<str:variant>.pdf", staff.pdf, name="pdf"),
    path("<slug:slug>/<int:pk>/canvas.json", staff.export_json, name="json"),
]
