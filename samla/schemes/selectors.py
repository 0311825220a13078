"""Reads of the scheme register."""

from __future__ import annotations

from django.db.models import QuerySet, Sum

from samla.schemes.models import Award, Scheme


def scheme_by_key(key: str) -> Scheme:
    return Scheme.objects.get(key=key)


def awards_for_year(year: int) -> QuerySet[Award]:
    return Award.objects.filter(year=year).select_related("municipality", "scheme").order_by(
        "municipality__number", "scheme__key")


def award_totals_by_municipality(year: int, schemes: list[str] | None = None) -> dict[str, int]:
    """Sum of awards per municipality number in ``year`` (optionally only the given scheme keys)."""
    qs = Award.objects.filter(year=year)
    if schemes is not None:
        qs = qs.filter(scheme__key__in=schemes)
    return {row["municipality__number"]: row["total"]
            for row in qs.values("municipality__number").annotate(total=Sum("amount")).order_by()}
