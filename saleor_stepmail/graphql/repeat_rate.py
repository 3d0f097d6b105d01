"""The repeat-rate reports (engine/repeat_rate.py) and their CSV files (api/repeat_rate_csv.py).

Field descriptions come from engine/repeat_figures.py MEANINGS, so the API says what the
engine counts."""

import graphene
from django.utils.timezone import get_default_timezone_name
from graphql import GraphQLError

from ..api.repeat_rate_csv import RepeatRateTable, repeat_rate_csv
from ..engine.repeat_figures import MEANINGS, PROGRAM_WINDOW
from ..engine.repeat_rate import (
    CohortDimension,
    days_to_second_order,
    program_effects,
    repeat_rates,
    revenue_per_customer,
)
from ..models import Scenario
from .auth import RESULTS, require
from .limits import period_checked
from .scalars import DateTime
from .types import StepmailScenario

# Cohorts are read over years; three of them at most per request.
MAX_COHORT_DAYS = 3 * 366
MAX_WINDOW_DAYS = 365

StepmailCohortDimension = graphene.Enum(
    "StepmailCohortDimension",
    [(choice.name, choice.value) for choice in CohortDimension],
    description="What first buyers are grouped by: the month of their first order (in the "
    "shop's time zone), or its acquisition source, UTM medium or campaign, channel, or the "
    "category of its first line.",
)
StepmailRepeatRateTable = graphene.Enum(
    "StepmailRepeatRateTable",
    [(choice.name, choice.value) for choice in RepeatRateTable],
    description="A repeat-rate table that can be exported as CSV.",
)


class StepmailRepeatWindow(graphene.ObjectType):
    class Meta:
        description = "A group's repeat rate within a number of days."

    days = graphene.Int(required=True)
    eligible = graphene.Int(required=True, description=MEANINGS["eligible"])
    returned = graphene.Int(required=True, description=MEANINGS["returned"])
    rate = graphene.Float(description=MEANINGS["rate"])


class StepmailCohortRow(graphene.ObjectType):
    class Meta:
        description = "First buyers of one month, source, medium, campaign, channel or category."

    key = graphene.String(
        required=True,
        description="YYYY-MM, or the source (utm_source, the referrer's host, voucher:CODE, "
        "channel:SLUG or direct), medium, campaign, channel slug or category slug; empty: none.",
    )
    first_buyers = graphene.Int(required=True, description=MEANINGS["first_buyers"])
    windows = graphene.List(graphene.NonNull(StepmailRepeatWindow), required=True)


class StepmailDaysBucket(graphene.ObjectType):
    up_to_days = graphene.Int(description="Null: more than the last bound.")
    customers = graphene.Int(required=True)


class StepmailSecondOrderDays(graphene.ObjectType):
    class Meta:
        description = "How long the first buyers who came back took to place a second order."

    returned = graphene.Int(required=True)
    median_days = graphene.Float(description="Null while nobody came back.")
    buckets = graphene.List(graphene.NonNull(StepmailDaysBucket), required=True)

    def resolve_buckets(root, info):
        return [StepmailDaysBucket(up_to_days=d, customers=n) for d, n in root.buckets]


class StepmailRevenueWindow(graphene.ObjectType):
    days = graphene.Int(required=True)
    eligible = graphene.Int(required=True, description=MEANINGS["eligible"])
    revenue = graphene.Decimal(required=True, description=MEANINGS["revenue"])
    per_customer = graphene.Decimal(description="revenue / eligible; null while none is.")


class StepmailCustomerRevenue(graphene.ObjectType):
    class Meta:
        description = "Paid revenue per first buyer, in the currency of their first order."

    currency = graphene.String(required=True)
    first_buyers = graphene.Int(required=True, description=MEANINGS["first_buyers"])
    windows = graphene.List(graphene.NonNull(StepmailRevenueWindow), required=True)


class StepmailProgramEffect(graphene.ObjectType):
    class Meta:
        description = (
            "A program's enrolled customers against its holdout: the share who placed another "
            "paid order (not the one that enrolled them) within `days` days."
        )

    scenario = graphene.Field(StepmailScenario, required=True)
    days = graphene.Int(required=True)
    enrolled = graphene.Field(StepmailRepeatWindow, required=True)
    holdout = graphene.Field(StepmailRepeatWindow, required=True)
    lift_points = graphene.Float(description=MEANINGS["lift"] + " Null while a group is empty.")
    lift_low_points = graphene.Float()
    lift_high_points = graphene.Float()


def _range_args() -> dict:
    return {
        "start": DateTime(required=True, description="First orders from then."),
        "end": DateTime(required=True, description="Exclusive."),
    }


def _checked(info, start, end) -> None:
    require(info, RESULTS)
    period_checked(start, end, max_days=MAX_COHORT_DAYS)


def _window(days: int) -> int:
    if not 1 <= days <= MAX_WINDOW_DAYS:
        raise GraphQLError(f"days must be from 1 to {MAX_WINDOW_DAYS}.")
    return days


_DAYS = graphene.Int(default_value=PROGRAM_WINDOW, description="The window, in days.")


class RepeatRateQueries(graphene.ObjectType):
    stepmail_repeat_rates = graphene.List(
        graphene.NonNull(StepmailCohortRow),
        required=True,
        by=StepmailCohortDimension(default_value=CohortDimension.MONTH.value),
        **_range_args(),
        description="The share of the first buyers of [start, end) who bought again within "
        "30, 60, 90 and 180 days, per month of the first order (a cohort triangle) or per its "
        "source, medium, campaign, channel or category. Needs MANAGE_ORDERS.",
    )
    stepmail_days_to_second_order = graphene.Field(
        StepmailSecondOrderDays,
        required=True,
        **_range_args(),
        description="Days from the first to the second paid order of the first buyers of "
        "[start, end): the median and how many up to 7, 14, 30, 60, 90, 180, 365 days and "
        "more. Needs MANAGE_ORDERS.",
    )
    stepmail_revenue_per_customer = graphene.List(
        graphene.NonNull(StepmailCustomerRevenue),
        required=True,
        **_range_args(),
        description="Paid revenue per first buyer of [start, end) at 30, 90, 180 and 365 "
        "days, per currency. Needs MANAGE_ORDERS.",
    )
    stepmail_program_effects = graphene.List(
        graphene.NonNull(StepmailProgramEffect),
        required=True,
        start=DateTime(required=True, description="Enrolments started from then."),
        end=DateTime(required=True, description="Exclusive."),
        days=_DAYS,
        description="Each program's effect on the repeat rate: its enrolled customers against "
        "its holdout, in points with a 95% interval. Needs MANAGE_ORDERS.",
    )
    stepmail_repeat_rate_csv = graphene.String(
        required=True,
        table=StepmailRepeatRateTable(required=True),
        **_range_args(),
        days=_DAYS,
        description="A repeat-rate table as CSV (UTF-8 with BOM, for Excel); `days` is "
        "PROGRAM_EFFECT's window. Needs MANAGE_ORDERS.",
    )

    def resolve_stepmail_repeat_rates(self, info, start, end, by=CohortDimension.MONTH.value):
        _checked(info, start, end)
        zone = get_default_timezone_name()
        return repeat_rates(
            by=CohortDimension(by), start=start, end=end, now=info.context.now, zone=zone
        )

    def resolve_stepmail_days_to_second_order(self, info, start, end):
        _checked(info, start, end)
        return days_to_second_order(start=start, end=end, now=info.context.now)

    def resolve_stepmail_revenue_per_customer(self, info, start, end):
        _checked(info, start, end)
        return revenue_per_customer(start=start, end=end, now=info.context.now)

    def resolve_stepmail_program_effects(self, info, start, end, days=PROGRAM_WINDOW):
        _checked(info, start, end)
        effects = program_effects(start=start, end=end, now=info.context.now, days=_window(days))
        scenarios = Scenario.objects.in_bulk({effect.scenario_id for effect in effects})
        return [
            StepmailProgramEffect(
                scenario=scenarios[effect.scenario_id],
                days=effect.days,
                enrolled=effect.enrolled,
                holdout=effect.holdout,
                lift_points=effect.lift_points,
                lift_low_points=effect.lift_low_points,
                lift_high_points=effect.lift_high_points,
            )
            for effect in effects
        ]

    def resolve_stepmail_repeat_rate_csv(self, info, table, start, end, days=PROGRAM_WINDOW):
        _checked(info, start, end)
        return repeat_rate_csv(
            table=table,
            start=start,
            end=end,
            now=info.context.now,
            zone=get_default_timezone_name(),
            days=_window(days),
        )
