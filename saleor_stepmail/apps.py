from django.apps import AppConfig


class StepMailConfig(AppConfig):
    name = "saleor_stepmail"
    label = "saleor_stepmail"
    verbose_name = "Step mail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from celery import current_app

        from .beat import register_tick

        # Inside Saleor the current app is saleor.celeryconf:app, created before Django starts.
        register_tick(current_app)
