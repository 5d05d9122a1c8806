"""Staff pages of the canvases tool, mounted at /staff/canvases/ from the manifest."""

from django.urls import path

from . import views

app_name = "canvases"
urlpatterns = [
    path("<slug:slug>/", views.index, name="index"),
]
