from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = _("Claims")

    def ready(self) -> None:
        # Reader pages are cached; any change to what they show invalidates them.
        from .caching.versions import connect_signals
        from .services.text import connect_text_signals

        connect_signals()
        # Every text field is saved without bidirectional controls.
        connect_text_signals(
            model
            for label in ("claims", "intake")
            for model in apps.get_app_config(label).get_models()
            if not model._meta.model_name.startswith("historical")
        )
