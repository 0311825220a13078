from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo loader (no models): ``samla demo load``."""

    name = "samla.demo"
    label = "demo"
    verbose_name = _("Demo")
