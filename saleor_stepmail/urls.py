"""The plugin's own HTTP: served by Saleor under /plugins/<PLUGIN_ID>/ (StepMailPlugin.webhook),
and by the standalone site under the same prefix."""

urlpatterns: list = []
