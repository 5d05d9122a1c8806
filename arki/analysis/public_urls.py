"""Public persona cards, mounted at /personas/ (published personas, counts only)."""

from django.urls import path

from .views import public

app_name = "analysis_public"
urlpatterns = [
    path("<slug:slug>/", public.persona_list, name="list"),
    path("<slug:slug>/<int:pk>/", public.persona_card, name="card"),
    path("<slug:slug>/<int:pk>/card.pdf", public.persona_card_pdf, name="pdf"),
]
