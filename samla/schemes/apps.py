from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchemesConfig(AppConfig):
    name = "samla.schemes"
    label = "schemes"
    verbose_name = _("Grant schemes")
