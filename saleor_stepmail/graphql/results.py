"""A scenario's results per step (engine.stats.step_stats): the step's figures, and its A/B
variants with theirs, compared pairwise."""

import graphene

from ..engine.stats import StepStats
from .experiments import StepmailVariantComparison
from .figures import StepmailMailFigures
from .types import StepmailStep, StepmailVariant


class StepmailVariantStats(graphene.ObjectType):
    class Meta:
        description = "An A/B variant's mails sent in the range and what followed them."

    variant = graphene.Field(StepmailVariant)
    name = graphene.String(required=True)
    figures = graphene.Field(StepmailMailFigures, required=True)
    is_winner = graphene.Boolean(
        required=True, description="Beats every other variant significantly on conversion."
    )


class StepmailStepStats(graphene.ObjectType):
    class Meta:
        description = (
            "One step's mails sent in the range and what followed them: the same figures as "
            "the step's row of stepmailMailRates."
        )

    step = graphene.Field(StepmailStep)
    position = graphene.Int(required=True)
    name = graphene.String(required=True)
    figures = graphene.Field(StepmailMailFigures, required=True)
    variants = graphene.List(
        graphene.NonNull(StepmailVariantStats),
        required=True,
        description="Per A/B variant, by name; empty for a step without variants.",
    )
    comparisons = graphene.List(
        graphene.NonNull(StepmailVariantComparison),
        required=True,
        description="Each pair of variants compared on conversion rate, for the same mails.",
    )


def step_stats_type(row: StepStats, *, steps: dict, variants: dict) -> StepmailStepStats:
    """`steps` and `variants`: the scenario's objects by pk, for their ids and fields."""
    return StepmailStepStats(
        step=steps.get(row.step_id),
        position=row.position,
        name=row.name,
        figures=row.figures,
        variants=[
            StepmailVariantStats(
                variant=variants.get(v.variant_id),
                name=v.name,
                figures=v.figures,
                is_winner=v == row.winner,
            )
            for v in row.variants
        ],
        # Graphene reads the engine's VariantComparison fields by name.
        comparisons=row.comparisons,
    )
