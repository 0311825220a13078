from django.apps import AppConfig


class WebConfig(AppConfig):
    """Shared web pieces (lists, forms, uploads, formats) and their template tags; no models."""

    name = "samla.web"
    label = "samla_web"
