"""News posts of the public process website."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arki.core.models import CivicModel, TranslatedFieldsMixin


class NewsPost(TranslatedFieldsMixin, CivicModel):
    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="news"
    )
    workshop = models.ForeignKey(
        "core.Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )
    slug = models.SlugField(_("web address"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    body_sv = models.TextField(_("text in Swedish"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at"]
        constraints = [models.UniqueConstraint(fields=["process", "slug"], name="unique_news_slug")]

    def __str__(self) -> str:
        return self.tr("title")
