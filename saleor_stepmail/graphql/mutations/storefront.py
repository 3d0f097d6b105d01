"""Storefront mutations: subscribe (double opt-in), confirm, unsubscribe (open to anyone);
link and unlink a LINE account (the signed-in customer's own).

Subscribing answers the same whether or not the address was known, so that it reveals nothing.
"""

import graphene

from ...api.errors import ErrorCode, InputError, Problem
from ...api.line import line_account_link, line_account_unlink
from ...api.subscriptions import subscription_confirm, subscription_request, unsubscribe
from ...engine.integration import current_integration
from ...models import Scenario
from ...vocabulary import ScenarioStatus, Trigger
from .. import enums
from ..types import StepmailMyLine, StepmailSubscription
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
            "else is sent until stepmailConfirm. Confirmation mails to one mailbox (whatever "
            "its case or +tag, across scenarios) wait longer each time (the answer is the "
            "same); none goes to an address that bounced or complained; RATE_LIMITED when the "
            "caller's or the shop's hourly number of confirmation mails is reached."
        )

    requires_confirmation = graphene.Boolean()

    @classmethod
    def perform(cls, info, email, scenario=None, channel=None, language=None):
        subscription_request(
            email=email,
            scenario=_subscribable(scenario) if scenario else None,
            channel_slug=channel or "",
            language=language or "",
            client=current_integration().client_ip(info.context.request),
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


class StepmailLineLink(StepmailMutation):
    class Arguments:
        id_token = graphene.String(
            required=True,
            description="The LINE Login ID token of the customer's LINE account (LINE Login on "
            "the storefront, or liff.getIDToken()).",
        )
        channel = graphene.String(
            required=True, description="The storefront's channel slug: its LINE Login channel."
        )

    class Meta:
        description = (
            "Link the signed-in customer to their LINE account: LINE steps of their order "
            "scenarios then reach them on LINE. The ID token is checked with LINE (or with the "
            "LINE Login channel's secret); linking again replaces the earlier link."
        )

    line = graphene.Field(StepmailMyLine)

    @classmethod
    def perform(cls, info, id_token, channel):
        linked = line_account_link(
            principal=info.context.principal,
            id_token=id_token,
            channel_slug=channel,
            now=info.context.now,
        )
        return cls(line=StepmailMyLine.from_line_user(linked), errors=[])


class StepmailLineUnlink(StepmailMutation):
    class Meta:
        description = "Remove the signed-in customer's LINE link: LINE steps skip them again."

    unlinked = graphene.Boolean(description="False when no LINE account was linked.")

    @classmethod
    def perform(cls, info):
        return cls(unlinked=line_account_unlink(principal=info.context.principal), errors=[])
