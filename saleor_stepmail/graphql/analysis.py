"""The analysis reports (engine/analysis.py) and every results table as CSV (api/reports.py)."""

import graphene
from graphql import GraphQLError

from ..api.errors import InputError
from ..api.reports import ReportTable, report_csv
from ..engine.analysis import (
    FREQUENCY_CAP,
    frequency_stats,
    link_stats,
    mail_rates,
    send_time_stats,
)
from ..models import Scenario, Step, Variant
from .auth import RESULTS, require
from .figures import StepmailMailFigures
from .ids import pk_from_global_id
from .limits import period_checked
from .queries import MAX_STATS_DAYS
from .scalars import DateTime
from .types import StepmailScenario, StepmailStep, StepmailVariant

StepmailReportTable = graphene.Enum(
    "StepmailReportTable",
    [(choice.name, choice.value) for choice in ReportTable],
    description="A results table that can be exported as CSV.",
)
StepmailRateLevel = graphene.Enum(
    "StepmailRateLevel",
    [("SCENARIO", "scenario"), ("STEP", "step"), ("VARIANT", "variant")],
    description="What a row of stepmailMailRates adds up.",
)


class StepmailRateRow(graphene.ObjectType):
    level = StepmailRateLevel(required=True)
    scenario = graphene.Field(StepmailScenario, required=True)
    step = graphene.Field(StepmailStep, description="Null on a scenario row.")
    variant = graphene.Field(StepmailVariant, description="Set on variant rows only.")
    figures = graphene.Field(StepmailMailFigures, required=True)


class StepmailSendTimeCell(graphene.ObjectType):
    class Meta:
        description = "Mails sent on one weekday and hour (the customer's or scenario's time)."

    weekday = graphene.Int(required=True, description="ISO: 1 Monday ... 7 Sunday.")
    hour = graphene.Int(required=True, description="0-23.")
    figures = graphene.Field(StepmailMailFigures, required=True)


class StepmailFrequencyRow(graphene.ObjectType):
    class Meta:
        description = "Mails by how many step mails their customer had in the 7 days before."

    earlier_mails = graphene.Int(required=True)
    or_more = graphene.Boolean(
        required=True, description=f"True on the last row: {FREQUENCY_CAP} mails or more."
    )
    figures = graphene.Field(StepmailMailFigures, required=True)


class StepmailLinkStats(graphene.ObjectType):
    class Meta:
        description = "One link of one step's (and variant's) mails, as clicked."

    scenario = graphene.Field(StepmailScenario, required=True)
    step = graphene.Field(StepmailStep, required=True)
    variant = graphene.Field(StepmailVariant)
    url = graphene.String(required=True, description="Empty when erased with its customer.")
    clicks = graphene.Int(required=True, description="Every click.")
    customers = graphene.Int(required=True, description="Distinct customers who clicked it.")
    share = graphene.Float(required=True, description="Of the clicks on the same mails.")
    conversions = graphene.Int(
        required=True,
        description="Converted mails (as StepmailMailFigures.converted) whose counted order came "
        "after a click on this link.",
    )


def _range_args() -> dict:
    return {
        "scenario": graphene.ID(description="Null: every scenario."),
        "start": DateTime(required=True, description="Mails sent from then."),
        "end": DateTime(required=True, description="Exclusive."),
    }


def _arguments(info, scenario, start, end) -> Scenario | None:
    require(info, RESULTS)
    period_checked(start, end, max_days=MAX_STATS_DAYS)
    if scenario is None:
        return None
    try:
        pk = pk_from_global_id(scenario, "StepmailScenario", "scenario")
    except InputError as exc:
        raise GraphQLError(exc.problems[0].message) from exc
    found = Scenario.objects.filter(pk=pk).first()
    if found is None:
        raise GraphQLError(f"no StepmailScenario with id {scenario!r}")
    return found


def _objects(rows, **models) -> dict:
    """{attribute: {pk: object}} for each `attribute_id` of the rows: one query per model."""
    return {
        name: model.objects.in_bulk({getattr(row, f"{name}_id") for row in rows} - {None})
        for name, model in models.items()
    }


class AnalysisQueries(graphene.ObjectType):
    stepmail_mail_rates = graphene.List(
        graphene.NonNull(StepmailRateRow),
        required=True,
        **_range_args(),
        description="CTR, click-to-open, CVR and revenue per mail per scenario, step and "
        "variant, for the mails sent in [start, end). Needs MANAGE_ORDERS.",
    )
    stepmail_send_time_stats = graphene.List(
        graphene.NonNull(StepmailSendTimeCell),
        required=True,
        **_range_args(),
        description="The mails sent in [start, end) by weekday and hour of the send; cells "
        "without mail are left out. Needs MANAGE_ORDERS.",
    )
    stepmail_frequency_stats = graphene.List(
        graphene.NonNull(StepmailFrequencyRow),
        required=True,
        **_range_args(),
        description="The mails sent in [start, end) by how many step mails their customer had "
        "in the 7 days before. Needs MANAGE_ORDERS.",
    )
    stepmail_link_stats = graphene.List(
        graphene.NonNull(StepmailLinkStats),
        required=True,
        **_range_args(),
        description="Clicks per link, step and variant of the mails sent in [start, end), most "
        "clicked first. Needs MANAGE_ORDERS.",
    )
    stepmail_report_csv = graphene.String(
        required=True,
        table=StepmailReportTable(required=True),
        **_range_args(),
        description="A results table as CSV (UTF-8 with BOM, for Excel), money in one column per "
        "currency. STEP_STATS, VARIANT_STATS and HOLDOUT need a scenario. Needs MANAGE_ORDERS.",
    )

    def resolve_stepmail_mail_rates(self, info, start, end, scenario=None):
        rows = mail_rates(scenario=_arguments(info, scenario, start, end), start=start, end=end)
        found = _objects(rows, scenario=Scenario, step=Step, variant=Variant)
        return [
            StepmailRateRow(
                level=row.level,
                scenario=found["scenario"][row.scenario_id],
                step=found["step"].get(row.step_id),
                variant=found["variant"].get(row.variant_id),
                figures=row.figures,
            )
            for row in rows
        ]

    def resolve_stepmail_send_time_stats(self, info, start, end, scenario=None):
        chosen = _arguments(info, scenario, start, end)
        return [
            StepmailSendTimeCell(weekday=c.weekday, hour=c.hour, figures=c.figures)
            for c in send_time_stats(scenario=chosen, start=start, end=end)
        ]

    def resolve_stepmail_frequency_stats(self, info, start, end, scenario=None):
        chosen = _arguments(info, scenario, start, end)
        return [
            StepmailFrequencyRow(
                earlier_mails=row.earlier_mails,
                or_more=row.earlier_mails == FREQUENCY_CAP,
                figures=row.figures,
            )
            for row in frequency_stats(scenario=chosen, start=start, end=end)
        ]

    def resolve_stepmail_link_stats(self, info, start, end, scenario=None):
        rows = link_stats(scenario=_arguments(info, scenario, start, end), start=start, end=end)
        found = _objects(rows, scenario=Scenario, step=Step, variant=Variant)
        return [
            StepmailLinkStats(
                scenario=found["scenario"][row.scenario_id],
                step=found["step"][row.step_id],
                variant=found["variant"].get(row.variant_id),
                url=row.url,
                clicks=row.clicks,
                customers=row.customers,
                share=row.share,
                conversions=row.conversions,
            )
            for row in rows
        ]

    def resolve_stepmail_report_csv(self, info, table, start, end, scenario=None):
        chosen = _arguments(info, scenario, start, end)
        try:
            return report_csv(table=table, scenario=chosen, start=start, end=end)
        except InputError as exc:
            raise GraphQLError(exc.problems[0].message) from exc
