"""Small programme specs for engine tests."""

from __future__ import annotations

from decimal import Decimal

from samla.core.allocation import GrowthFactor, MunicipalityRef, ProgrammeSpec, SchemeRule


def spec(*, awards: dict[str, int] | None = None, years=(2020, 2021, 2022), growth=("0.031", "0.026"),
         **kwargs) -> ProgrammeSpec:
    """A one-scheme historical programme; ``awards`` maps municipality number → 2019 award."""
    awards = awards if awards is not None else {"0001": 1_000_000, "0002": 2_500_000, "0003": 400_000}
    municipalities = tuple(MunicipalityRef(m, f"M{m}", "R") for m in sorted(awards))
    schemes = kwargs.pop("schemes", (SchemeRule("100.60", "historical", base_year=2019),))
    growth_map = {y: GrowthFactor(y, Decimal(g), "test") for y, g in zip(years[1:], growth, strict=False)}
    return ProgrammeSpec(
        name="test", years=tuple(years), municipalities=kwargs.pop("municipalities", municipalities),
        schemes=schemes, growth=kwargs.pop("growth_map", growth_map),
        awards=kwargs.pop("award_map", {(m, "100.60", 2019): a for m, a in awards.items()}), **kwargs,
    )
