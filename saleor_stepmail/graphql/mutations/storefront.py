"""Storefront mutations, open to anyone: subscribe (double opt-in), confirm, unsubscribe.

Subscribing answers the same whether or not the address was known, so that it reveals nothing.
"""

import graphene

from ...api.errors import ErrorCode, InputError, Problem
from ...api.subscriptions import subscription_confirm, subscription_request, unsubscribe
from ...engine.vocabulary import ScenarioStatus, Trigger
from ...models import Scenario
from .. import enums
from ..types import StepmailSubscription
from .base import StepmailMutation


def _subscribable(slug: str) -> Scenario:
    scenario = Scenario.objects.filter(
        slug=slug, status=ScenarioStatus.ACTIVE, trigger=Trigger.SUBSCRIBED
    ).first()
    if scenario is None:
        raise InputError(
            [Problem("scenario", f"no scenario {slug!r} takes subscriptions", ErrorCode.NOT_FOUND)]
        )
    return scenario


class StepmailSubscribe(StepmailMutation):
    class Arguments:
        email = graphene.String(required=True)
        scenario = graphene.String(
            description="Slug of an active scenario started by subscriptions; "
            "leave out to subscribe to the shop's step mail in general."
        )
        channel = graphene.String(description="The storefront's channel slug.")
        language = enums.StepmailLanguage(
            description="Of the confirmation mail; the scenario's language when left out."
        )

    class Meta:
        description = (
            "Ask to receive mail; a confirmation link is mailed (double opt-in) and nothing "
            "else is sent until stepmailConfirm. Asking again for the same address re-sends it "
            "only after a wait that doubles each time (the answer is the same); RATE_LIMITED "
            "when the shop's hourly number of confirmation mails is reached."
        )

    requires_confirmation = graphene.Boolean()

    @classmethod
    def perform(cls, info, email, scenario=None, channel=None, language=None):
        subscription_request(
            email=email,
            scenario=_subscribable(scenario) if scenario else None,
            channel_slug=channel or "",
            language=language or "",
            now=info.context.now,
        )
        return cls(requires_confirmation=True, errors=[])


class StepmailConfirm(StepmailMutation):
    class Arguments:
        token = graphene.String(required=True, description="From the confirmation mail.")

    class Meta:
        description = "Confirm a subscription; scenarios started by subscriptions begin."

    subscription = graphene.Field(StepmailSubscription)

    @classmethod
    def perform(cls, info, token):
        return cls(subscription=subscription_confirm(token=token, now=info.context.now), errors=[])


class StepmailUnsubscribe(StepmailMutation):
    class Arguments:
        token = graphene.String(required=True, description="From a mail's unsubscribe link.")

    class Meta:
        description = "Stop one scenario's mail, or all step mail, as the link says."

    subscription = graphene.Field(StepmailSubscription)

    @classmethod
    def perform(cls, info, token):
        return cls(subscription=unsubscribe(token=token, now=info.context.now), errors=[])
