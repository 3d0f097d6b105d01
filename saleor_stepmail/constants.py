"""Names both the plugin (plugin.py) and the Saleor adapter (adapter/) read; no Saleor import."""

PLUGIN_ID = "stepmail"
PLUGIN_NAME = "Step mail"

# The per-channel configuration before the Dashboard changes it (the fields: plugin.py).
DEFAULT_CONFIGURATION = [
    {"name": "sender_name", "value": ""},
    {"name": "sender_address", "value": ""},
    {"name": "legal_sender_name", "value": ""},
    {"name": "legal_postal_address", "value": ""},
    {"name": "legal_contact", "value": ""},
    {"name": "storefront_url", "value": ""},
    {"name": "payment_instructions", "value": ""},
    {"name": "payment_due_days", "value": "7"},
    {"name": "send_window", "value": "09:00-21:00"},
    {"name": "timezone", "value": "Asia/Tokyo"},
    {"name": "tracking", "value": True},
    {"name": "cart_url_template", "value": ""},
    {"name": "abandoned_checkout_guests", "value": False},
    {"name": "one_scenario_per_trigger", "value": False},
    {"name": "line_channel_access_token", "value": ""},
    {"name": "line_channel_secret", "value": ""},
    {"name": "line_login_channel_id", "value": ""},
    {"name": "line_login_channel_secret", "value": ""},
]
