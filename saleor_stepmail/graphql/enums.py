"""GraphQL enums for the engine's vocabulary: names in capitals, values the stored strings."""

import graphene
from django.db import models

from ..engine.channels import CHANNELS
from ..vocabulary import (
    CallTaskState,
    DeliveryEventType,
    DeliveryState,
    EnrollmentState,
    Goal,
    JobState,
    ReentryPolicy,
    ScenarioStatus,
    StepAction,
    SubscriptionState,
    Trigger,
)


def _enum(name: str, choices: type[models.TextChoices], description: str) -> type[graphene.Enum]:
    return graphene.Enum(
        name, [(choice.name, choice.value) for choice in choices], description=description
    )


StepmailTrigger = _enum("StepmailTrigger", Trigger, "What starts a scenario for a customer.")
StepmailGoal = _enum("StepmailGoal", Goal, "What ends an enrolment early (converted or exited).")
StepmailScenarioStatus = _enum("StepmailScenarioStatus", ScenarioStatus, "Enrols or not.")
StepmailReentryPolicy = _enum(
    "StepmailReentryPolicy", ReentryPolicy, "Whether a customer may enter a scenario again."
)
StepmailEnrollmentState = _enum("StepmailEnrollmentState", EnrollmentState, "Enrolment state.")
StepmailDeliveryState = _enum("StepmailDeliveryState", DeliveryState, "Delivery state.")
StepmailDeliveryEventType = _enum(
    "StepmailDeliveryEventType", DeliveryEventType, "What happened to a sent mail."
)
StepmailSubscriptionState = _enum("StepmailSubscriptionState", SubscriptionState, "Consent.")
StepmailJobState = _enum("StepmailJobState", JobState, "State of a background job.")
# Every registered channel (engine/channels), stepmailChannelKinds describes each.
StepmailChannelKind = graphene.Enum(
    "StepmailChannelKind",
    [(kind.upper(), kind) for kind in CHANNELS],
    description="How a step reaches a customer (stepmailChannelKinds: each one's settings).",
)
StepmailStepAction = _enum(
    "StepmailStepAction", StepAction, "What a step does when its conditions hold."
)
StepmailCallTaskState = _enum("StepmailCallTaskState", CallTaskState, "A call task's state.")
StepmailLanguage = graphene.Enum(
    "StepmailLanguage", [("JA", "ja"), ("EN", "en")], description="Language of a scenario's mail."
)
