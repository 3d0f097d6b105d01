from django.apps import AppConfig, apps


class StepMailConfig(AppConfig):
    name = "saleor_stepmail"
    label = "saleor_stepmail"
    verbose_name = "Step mail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from anymail.signals import tracking
        from celery import current_app

        from .beat import register_tick
        from .tracking.receivers import tracking_received

        tracking.connect(tracking_received, dispatch_uid="saleor_stepmail.tracking_received")

        # Inside Saleor the current app is saleor.celeryconf:app, created before Django starts.
        register_tick(current_app)

        if apps.is_installed("saleor.account"):
            from .adapter.signals import signals_connect

            signals_connect()
