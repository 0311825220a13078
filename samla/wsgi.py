"""The WSGI application, warmed up when it is loaded.

Without the warm-up the first request a gunicorn worker serves for a page paid for loading the URL
configuration, every view module and the templates (1–3 s). ``warm_up`` does that work once, when the module is
imported: with ``gunicorn --preload`` (``samla serve --production``) in the master, before the workers fork.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samla.settings")
application = get_wsgi_application()


def warm_up() -> int:
    """Import every view through the URL configuration, compile every template of Samla's own, and load the
    translation catalogues; returns how many templates were compiled."""
    from pathlib import Path

    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation
    from django.utils.translation import trans_real

    def walk(patterns) -> None:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            else:
                getattr(pattern, "callback", None)

    resolver = get_resolver()
    walk(resolver.url_patterns)
    for language in ("nb", "en"):
        trans_real.translation(language)  # loads and merges the catalogues once
        with translation.override(language):
            # The reverse tables are built per language and per namespace, on first use.
            stack = [resolver]
            while stack:
                current = stack.pop()
                current.reverse_dict  # noqa: B018 - builds the table
                stack += [sub for _prefix, sub in current.namespace_dict.values()]
    from django.apps import apps
    from django.db import connections

    for model in apps.get_models():  # the models' field maps and the SQL compiler's lazy parts
        model._meta.get_fields()
        model._default_manager.all().query.get_compiler(model._default_manager.db).as_sql()
    connections.close_all()  # a connection opened here must not be shared by the forked workers
    package = Path(__file__).resolve().parent
    compiled = 0
    for folder in package.glob("**/templates"):
        for path in folder.rglob("*.html"):
            try:
                get_template(str(path.relative_to(folder)))
                compiled += 1
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue
    import django.forms
    from django.forms.renderers import get_default_renderer

    renderer = get_default_renderer()  # the form widgets' templates: a template engine of their own
    widgets = Path(django.forms.__file__).resolve().parent / "templates"
    for path in widgets.rglob("*.html"):
        renderer.get_template(str(path.relative_to(widgets)))
        compiled += 1
    return compiled


if os.environ.get("SAMLA_WARM_UP", "1") == "1":
    warm_up()
