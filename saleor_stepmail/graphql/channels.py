"""The channels a step may use, each with its settings form: what the operator page builds a
step's channel settings from."""

import graphene

from ..engine.channels import CHANNELS, Channel
from . import enums
from .auth import READ_SCENARIOS, require
from .scalars import JSONString


class StepmailChannelKindInfo(graphene.ObjectType):
    class Meta:
        description = "A way a step reaches a customer: its settings and what it allows."

    kind = graphene.String(
        required=True,
        description="Its StepmailChannelKind value (EMAIL, LINE, …), as a step's channel.",
    )
    label = graphene.String(required=True, language=enums.StepmailLanguage())
    config_schema = JSONString(
        required=True,
        description="The step's channelConfig as a form, JSON-schema-like: properties (type, "
        'label {"en", "ja"}, default, limits; writeOnly: stored, never shown) and required.',
    )
    html_body = graphene.Boolean(
        required=True,
        description="Whether its message has an HTML body; false: the text body is the message.",
    )
    can_test_send = graphene.Boolean(
        required=True, description="Whether stepmailStepSendTest takes its steps."
    )
    test_send_refusal = graphene.String(
        description="Why stepmailStepSendTest refuses its steps; null when it takes them."
    )

    def resolve_kind(self: Channel, info):
        return self.kind.upper()

    def resolve_label(self: Channel, info, language="ja"):
        return self.label[language]

    def resolve_can_test_send(self: Channel, info):
        return self.test_send_refusal is None


class ChannelQueries(graphene.ObjectType):
    stepmail_channel_kinds = graphene.List(
        graphene.NonNull(StepmailChannelKindInfo),
        required=True,
        description="The channels a step may use (stepmailChannels lists the shop's sales "
        "channels). Needs MANAGE_PLUGINS or MANAGE_ORDERS.",
    )

    def resolve_stepmail_channel_kinds(self, info):
        require(info, READ_SCENARIOS)
        return list(CHANNELS.values())
