from .fixtures import send_log, spawn  # noqa: F401 - fixtures
