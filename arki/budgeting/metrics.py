"""Figures the budgeting tool feeds to a process's metrics."""

from __future__ import annotations

from django.db.models import Sum

from arki.core.models import Process

from .models import PaperTally, VoucherAccount


def ballots_cast(process: Process) -> int:
    """Voucher ballots cast (individual ones plus confirmed paper participants)."""
    individual = VoucherAccount.objects.filter(
        round__workshop__process=process, cast_at__isnull=False
    ).count()
    paper = PaperTally.objects.filter(
        round__workshop__process=process, confirmed_at__isnull=False
    ).aggregate(n=Sum("ballots"))["n"]
    return individual + (paper or 0)
