"""Every bokmål catalogue (the project's and each app's) is complete, model names included."""

from __future__ import annotations

import polib
import pytest
from django.apps import apps
from django.utils import translation

from samla.i18n_build import catalogues

NB = [path for path in catalogues() if path.parts[-3] == "nb"]
APPS = ["registry", "schemes", "allocation", "accounts", "audit", "calls", "evaluation", "api", "followup"]


def test_there_is_a_catalogue_per_app() -> None:
    owners = {path.parts[-5] for path in NB}
    assert {"samla", "core", *APPS} <= owners  # core: the allocation engine's texts (samla/core/locale)


@pytest.mark.parametrize("path", NB, ids=lambda p: p.parts[-5])
def test_every_bokmaal_entry_is_translated(path) -> None:
    po = polib.pofile(str(path))
    assert [e.msgid for e in po if not e.translated() or e.obsolete] == []


@pytest.mark.parametrize("app", APPS)
def test_model_names_are_in_bokmaal(app: str) -> None:
    po = {e.msgid for path in NB for e in polib.pofile(str(path)) if e.translated()}
    for model in apps.get_app_config(app).get_models():
        for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
            assert str(name._args[0]) in po, (model, name)  # the lazy string's English msgid
        with translation.override("nb"):
            assert str(model._meta.verbose_name_plural)
