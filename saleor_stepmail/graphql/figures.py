"""What a group of mails did, as the engine counts it: one type, StepmailMailFigures, for the
step cards, the A/B variants and the rates, weekday x hour and frequency tables. Its fields and
their descriptions come from engine/figures.py, so the API cannot define a figure twice."""

import graphene

from ..engine.figures import FIGURES, RATES, REVENUE_MEANING


class StepmailMoney(graphene.ObjectType):
    currency = graphene.String(required=True)
    amount = graphene.Decimal(required=True)


def money_list(amounts: dict) -> list[StepmailMoney]:
    return [StepmailMoney(currency=c, amount=amounts[c]) for c in sorted(amounts)]


def _fields() -> dict:
    """A field per figure and rate; the root is the engine's MailFigures."""
    fields = {f.name: graphene.Int(required=True, description=f.meaning) for f in FIGURES}
    for name, (numerator, denominator) in RATES.items():
        fields[name] = graphene.Float(
            required=True, description=f"{numerator} / {denominator}; 0 when {denominator} is 0."
        )
        fields[f"resolve_{name}"] = lambda figures, info, name=name: figures.rate(name)
    fields["revenue"] = graphene.List(
        graphene.NonNull(StepmailMoney), required=True, description=REVENUE_MEANING
    )
    fields["revenue_per_mail"] = graphene.List(
        graphene.NonNull(StepmailMoney),
        required=True,
        description="revenue / sent, per currency, rounded to 0.001.",
    )
    fields["resolve_revenue"] = lambda figures, info: money_list(figures.revenue)
    fields["resolve_revenue_per_mail"] = lambda figures, info: money_list(
        figures.revenue_per_mail()
    )
    return fields


class _Meta:
    description = (
        "What a group of mails sent in the range did, with everything that followed them "
        "until now; counts are mails (a mail opened five times is one opened mail)."
    )


StepmailMailFigures = type(
    "StepmailMailFigures", (graphene.ObjectType,), {"Meta": _Meta, **_fields()}
)
