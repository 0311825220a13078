"""The bokmål catalogue is complete, also for the model names of registry, schemes and allocation."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.utils import translation

import samla

NB = Path(samla.__file__).parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def test_every_bokmaal_entry_is_translated() -> None:
    po = polib.pofile(str(NB))
    assert [e.msgid for e in po if not e.msgstr or e.fuzzy or e.obsolete] == []
    assert po.percent_translated() == 100


@pytest.mark.parametrize("app", ["registry", "schemes", "allocation", "accounts", "audit", "calls"])
def test_model_names_are_in_bokmaal(app: str) -> None:
    po = {e.msgid for e in polib.pofile(str(NB))}
    for model in apps.get_app_config(app).get_models():
        for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
            assert str(name._args[0]) in po, (model, name)  # the lazy string's English msgid
        with translation.override("nb"):
            assert str(model._meta.verbose_name_plural)
