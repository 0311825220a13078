"""Compile the .po catalogues to .mo with polib (no GNU gettext needed on a fresh machine)."""

from __future__ import annotations

from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent


def catalogues() -> list[Path]:
    """Every .po file: the project's (samla/locale) and each app's (samla/<app>/locale)."""
    return sorted(PACKAGE.glob("locale/*/LC_MESSAGES/*.po")) + sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/*.po"))


def compile_catalogues() -> int:
    count = 0
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    return count


if __name__ == "__main__":
    compile_catalogues()
