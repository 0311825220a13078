from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "samla.calls"
    label = "calls"
    verbose_name = _("Calls and selection")

    def ready(self) -> None:
        from samla.allocation.letters import register_case_number_source
        from samla.calls.selectors import call_case_number

        register_case_number_source(call_case_number)
