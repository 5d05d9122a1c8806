"""Forms of participatory budgeting: round set-up, the ballot, gifts and paper tallies."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arki.core.models import Sitting, Workshop
from arki.insight.enums import Sector, ServiceCategory
from arki.insight.models import Service

from .enums import RoundKind
from .models import (
    DEFAULT_MAX_RECEIVED,
    DEFAULT_VOUCHERS,
    MAX_VOUCHERS,
    BudgetItem,
    BudgetRound,
)

if TYPE_CHECKING:
    from django.utils.functional import SimpleLazyObject

    from .selectors import Wallet

#: More than this many vouchers on one item is a typo even with many gifts received.
MAX_PER_ITEM = 10_000

VOUCHER_ERRORS = {
    "invalid": _("Enter a whole number of vouchers: 0, 1, 2 and so on."),
    "min_value": _("The number of vouchers cannot be negative."),
    "max_value": _("That is more vouchers than anyone can hold."),
}


def voucher_field(label: Any, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_PER_ITEM,
        required=required,
        error_messages=VOUCHER_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
    )


#: Every item's field is a shallow copy of this one with its own label: a phone's ballot has
#: a field per service, and building each from scratch was a tenth of the ballot's CPU.
#: The copies share the widget, validators and messages, which nothing changes once built.
_ITEM_FIELD = voucher_field("")


def item_field(label: Any) -> forms.IntegerField:
    field = copy.copy(_ITEM_FIELD)
    field.label = label
    return field


class ItemCountsForm(forms.Form):
    """One whole-number field per item; unknown item fields in the request are refused."""

    def __init__(self, *args: Any, items: list[BudgetItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item-{item.pk}"] = item_field(item.tr("name"))

    def item_fields(self):
        """(item, bound field) pairs for the page. Items read for checking a posted ballot
        only (`selectors.round_for_ballot`) are read in full first, in one query."""
        if self.items and self.items[0].get_deferred_fields():
            full = BudgetItem.objects.in_bulk([item.pk for item in self.items])
            self.items = [full[item.pk] for item in self.items if item.pk in full]
        return [(item, self[f"item-{item.pk}"]) for item in self.items]

    def clean(self) -> dict[str, Any]:
        super().clean()
        known = {self.add_prefix(name) for name in self.fields}
        marker = self.add_prefix("item-")
        if any(key.startswith(marker) and key not in known for key in self.data):
            raise forms.ValidationError(
                _("The ballot names a service that is not on this round."), code="unknown_item"
            )
        return self.cleaned_data

    def counts(self) -> dict[int, int]:
        return {
            item.pk: self.cleaned_data.get(f"item-{item.pk}") or 0
            for item in self.items
            if self.cleaned_data.get(f"item-{item.pk}")
        }


class BallotForm(ItemCountsForm):
    """A cumulative ballot: any whole-number split of the vouchers the participant holds.

    Not spending is the visible "I abstain" choice; `ballot_cast` refuses an empty ballot
    without it, so a blanked form sent by mistake is never counted.
    """

    abstain = forms.BooleanField(
        label=_("I abstain: I do not spend my vouchers in this round"), required=False
    )

    # Set by the live activity (`VoucherBallot.answer_form`) for the ballot template; the
    # wallet is lazy so that a posted ballot does not read it.
    wallet: SimpleLazyObject[Wallet] | None
    round: BudgetRound

    def __init__(self, *args: Any, held: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held = held

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        total = sum(self.counts().values()) if not self.errors else 0
        if self.held is not None and total > self.held:
            raise forms.ValidationError(
                _("You hold %(held)d vouchers; this ballot spends %(total)d.")
                % {"held": self.held, "total": total},
                code="overspent",
            )
        return cleaned


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    """Catalogue services labelled with their category."""

    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.tr('name')} ({obj.get_category_display()})"


class RoundForm(forms.ModelForm):
    services = ServiceChoiceField(
        label=_("Services on the ballot"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For voucher rounds: pick the catalogue services participants can buy."),
    )

    class Meta:
        model = BudgetRound
        fields = [
            "workshop",
            "title",
            "title_sv",
            "title_en",
            "kind",
            "vouchers_per_participant",
            "max_received",
            "budget",
        ]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workshop = self.fields["workshop"]
        vouchers = self.fields["vouchers_per_participant"]
        services = self.fields["services"]
        assert isinstance(workshop, forms.ModelChoiceField)
        assert isinstance(vouchers, forms.IntegerField)
        assert isinstance(services, ServiceChoiceField)
        workshop.queryset = Workshop.objects.filter(process=process)
        vouchers.initial = DEFAULT_VOUCHERS
        # Set after the field was built, so its validator and the input's max come by hand
        # (a phone keyboard then refuses more; the model checks the limit too).
        vouchers.max_value = MAX_VOUCHERS
        vouchers.validators.append(MaxValueValidator(MAX_VOUCHERS))
        vouchers.widget.attrs["max"] = MAX_VOUCHERS
        # Optional in the request (the model's default applies), shown with its default.
        received = self.fields["max_received"]
        assert isinstance(received, forms.IntegerField)
        received.required = False
        received.initial = DEFAULT_MAX_RECEIVED
        received.widget.attrs.update(min=0, max=MAX_VOUCHERS)
        services.queryset = Service.objects.filter(
            is_active=True, process__in=[process.pk]
        ) | Service.objects.filter(is_active=True, process__isnull=True)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("max_received") is None and "max_received" not in self.errors:
            cleaned["max_received"] = DEFAULT_MAX_RECEIVED
        kind = cleaned.get("kind")
        if kind == RoundKind.PROJECTS and cleaned.get("budget") is None:
            self.add_error("budget", _("A round of costed projects needs a budget."))
        if kind == RoundKind.SERVICES and not cleaned.get("services"):
            self.add_error("services", _("Choose at least one service."))
        return cleaned


class ProjectItemForm(forms.Form):
    name = forms.CharField(label=_("Project"), max_length=120)
    cost = forms.IntegerField(
        label=_("Cost (euros)"),
        min_value=1,
        error_messages={"invalid": _("Enter the cost in whole euros.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", "–"), *ServiceCategory.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", "–"), *Sector.choices]
    )


class ServiceItemForm(forms.Form):
    """Add one more catalogue service to a round (not yet on it), optionally regrouped."""

    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    category = forms.ChoiceField(
        label=_("Count under category"),
        required=False,
        choices=[("", _("As in the catalogue")), *ServiceCategory.choices],
    )

    def __init__(self, *args: Any, round_: BudgetRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        process_id = round_.workshop.process_id
        service = self.fields["service"]
        assert isinstance(service, forms.ModelChoiceField)
        service.queryset = (
            Service.objects.filter(is_active=True)
            .filter(models.Q(process__isnull=True) | models.Q(process_id=process_id))
            .exclude(budget_items__round=round_)
        )


class GiftForm(forms.Form):
    receiver = forms.CharField(
        label=_("Seat number or pseudonym code of the receiver"),
        max_length=20,
        help_text=_("The seat number is shown on the receiver's phone, e.g. 7 or KAJ-017."),
    )
    vouchers = forms.IntegerField(
        label=_("Vouchers to give"),
        min_value=1,
        max_value=MAX_PER_ITEM,
        error_messages={
            "invalid": _("Enter a whole number of vouchers: 1, 2, 3 and so on."),
            "min_value": _("Give at least one whole voucher."),
            "max_value": _("That is more vouchers than anyone can hold."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "step": 1}),
    )


class TallyForm(ItemCountsForm):
    table = forms.CharField(label=_("Table"), max_length=60, help_text=_("For example “Table 3”."))
    ballots = forms.IntegerField(
        label=_("People who voted with paper vouchers at this table"),
        min_value=1,
        error_messages={
            "invalid": _("Enter a whole number of people."),
            "min_value": _("At least one person voted on paper at a table."),
        },
    )

    sitting = forms.ModelChoiceField(
        label=_("Sitting"),
        queryset=Sitting.objects.none(),
        required=False,
        empty_label=_("No sitting"),
        help_text=_("Where these paper vouchers were counted."),
    )

    def __init__(self, *args: Any, sittings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sittings is None or not sittings.exists():
            del self.fields["sitting"]
        else:
            cast(forms.ModelChoiceField, self.fields["sitting"]).queryset = sittings
        self.order_fields(["sitting", "table", "ballots"])


class TabletSeatForm(forms.Form):
    """Who is at the table tablet now: an existing tablet seat or a new one."""

    label = forms.CharField(
        label=_("Name or pseudonym code (optional)"), max_length=40, required=False
    )


class DiscussionForm(forms.Form):
    discussion = forms.CharField(
        label=_("What the discussion after the count raised"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Themes people raised that the numbers under-weigh, e.g. transport as a "
            "precondition for using every other service."
        ),
    )


class RoundChoiceForm(forms.Form):
    """Set-up form in the session console: the round to run (rounds are prepared on the
    budgeting page, where their items are chosen)."""

    round = forms.ModelChoiceField(
        label=_("Budgeting round"),
        queryset=BudgetRound.objects.filter(closed_at__isnull=True).select_related("workshop"),
        help_text=_("Prepare the round and its items on the budgeting page first."),
    )
