"""Comparisons for operators: A/B variants against each other, treated against the holdout."""

import graphene

from ..engine.stats import HoldoutLift
from .figures import StepmailMoney, money_list


class StepmailVariantComparison(graphene.ObjectType):
    class Meta:
        description = "Two variants of a step compared on conversion rate (two-proportion z-test)."

    a = graphene.String(required=True, description="The first variant's name.")
    b = graphene.String(required=True, description="The second variant's name.")
    difference = graphene.Float(required=True, description="Conversion rate of b minus a.")
    z = graphene.Float(required=True)
    p_value = graphene.Float(required=True)
    significant = graphene.Boolean(
        required=True,
        description="p < 0.05 and both variants were sent STEPMAIL experiment_min_sends times.",
    )


class StepmailHoldoutGroup(graphene.ObjectType):
    enrollments = graphene.Int(required=True)
    converted = graphene.Int(
        required=True,
        description="Enrolments credited with an order that counts as a conversion (paid, not "
        "cancelled, expired or fully refunded), as StepmailMailFigures.converted.",
    )
    conversion_rate = graphene.Float(required=True, description="converted / enrollments")
    revenue = graphene.List(graphene.NonNull(StepmailMoney), required=True)


class StepmailHoldoutLift(graphene.ObjectType):
    class Meta:
        description = (
            "Enrolments that started in the range, mailed (treated) against held out: what the "
            "mail added. Lift fields are null while either group is empty."
        )

    treated = graphene.Field(StepmailHoldoutGroup, required=True)
    holdout = graphene.Field(StepmailHoldoutGroup, required=True)
    lift = graphene.Float(description="Conversion rate treated minus holdout.")
    lift_low = graphene.Float(description="Lower end of the lift's 95% confidence interval.")
    lift_high = graphene.Float(description="Upper end of the lift's 95% confidence interval.")
    revenue_lift = graphene.List(
        graphene.NonNull(StepmailMoney),
        required=True,
        description="Incremental revenue per enrolment, per currency.",
    )


def holdout_lift_type(result: HoldoutLift) -> StepmailHoldoutLift:
    groups = (
        StepmailHoldoutGroup(
            enrollments=group.enrollments,
            converted=group.converted,
            conversion_rate=group.conversion_rate,
            revenue=money_list(group.revenue),
        )
        for group in (result.treated, result.holdout)
    )
    treated, holdout = groups
    return StepmailHoldoutLift(
        treated=treated,
        holdout=holdout,
        lift=result.lift,
        lift_low=result.lift_low,
        lift_high=result.lift_high,
        revenue_lift=money_list(result.revenue_lift),
    )
