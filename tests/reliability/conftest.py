from .fixtures import provider, send_log, spawn  # noqa: F401 - fixtures
