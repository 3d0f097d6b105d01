"""The Saleor adapter: the only module that imports Saleor. Hooks become engine events."""

from saleor.plugins.base_plugin import BasePlugin

from .constants import PLUGIN_ID, PLUGIN_NAME


class StepMailPlugin(BasePlugin):
    PLUGIN_ID = PLUGIN_ID
    PLUGIN_NAME = PLUGIN_NAME
    PLUGIN_DESCRIPTION = (
        "Step mail: follow-up sequences after orders, stopped when the customer acts."
    )
    CONFIGURATION_PER_CHANNEL = True
    DEFAULT_ACTIVE = False
