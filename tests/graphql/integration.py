"""A test integration: bearer tokens named after the caller they stand for."""

from saleor_stepmail.engine.integration import AuthenticationFailed, Integration, Principal

PRINCIPALS = {
    "designer": Principal(
        user_id="1",
        email="designer@shop.test",
        is_staff=True,
        permissions=frozenset({"MANAGE_PLUGINS"}),
    ),
    "support": Principal(
        user_id="2",
        email="support@shop.test",
        is_staff=True,
        permissions=frozenset({"MANAGE_ORDERS"}),
    ),
    "operator": Principal(
        user_id="4",
        email="operator@shop.test",
        is_staff=True,
        permissions=frozenset({"MANAGE_PLUGINS", "MANAGE_ORDERS"}),
    ),
    "staff-without-permissions": Principal(user_id="3", email="intern@shop.test", is_staff=True),
    "hana": Principal(user_id="40", email="hana@example.com"),
}
CHANNELS = frozenset({"default-channel", "jp"})


class TokenIntegration(Integration):
    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or token not in PRINCIPALS:
            raise AuthenticationFailed("Signature verification failed")
        return PRINCIPALS[token]

    def known_channels(self):
        return CHANNELS
