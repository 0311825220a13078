"""The main menu: which sections a user sees, and which one the current page belongs to.

One place decides both: each section names the predicate of ``samla.accounts.access`` that its page asks first,
so the menu shows a user exactly the sections whose pages answer them (``tests/web/test_menu_links.py`` follows
every menu link of every demo user). A section whose page does not exist (yet) is left out instead of breaking
the page.

Templates ask the same predicates through ``may`` (``{% if may.list_award_letters %}``): a link inside a
section is shown only to those its page lets in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from samla.accounts import access


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any
    url: str
    current: str | None  # the aria-current value: "page", "true" (a page inside the section) or None


@dataclass(frozen=True)
class Section:
    key: str
    label: Any
    url_name: str
    allowed: Callable[[Any], bool]  # the access predicate the section's page checks first


SECTIONS = (
    Section("work", pgettext_lazy("main menu", "My work"), "calls:dashboard", access.can_open_work),
    Section("rounds", pgettext_lazy("main menu", "Programme rounds"), "calls:round_list",
            access.can_list_programme_rounds),
    Section("applications", pgettext_lazy("main menu", "Applications"), "calls:application_list",
            access.can_list_applications),
    # The programmes, the current one first (the allocation pages; ``allocation:programmes``).
    Section("allocation", pgettext_lazy("main menu", "Allocation"), "allocation:programmes",
            access.can_read_published_allocation),
    Section("followup", pgettext_lazy("main menu", "Follow-up"), "followup:index", access.can_open_followup),
    Section("evaluation", pgettext_lazy("main menu", "Evaluation"), "evaluation:dashboard",
            access.can_open_evaluation),
    Section("users", pgettext_lazy("main menu", "Users"), "users:user_list", access.can_manage_users),
    Section("audit", pgettext_lazy("main menu", "Audit log"), "audit:log", access.can_read_audit_log),
    Section("admin", pgettext_lazy("main menu", "Administration"), "admin:index", access.can_use_django_admin),
)


def sections_for(user) -> list[Section]:
    """The sections the user may open, in menu order."""
    return [section for section in SECTIONS if section.allowed(user)]


def current_section(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    namespace = match.namespaces[0] if match.namespaces else ""
    if namespace == "calls":
        name = match.url_name or ""
        if "application" in name:
            return "applications"
        return "rounds" if name.startswith("round_") else "work"
    return {"allocation": "allocation", "evaluation": "evaluation", "followup": "followup", "users": "users",
            "audit": "audit", "admin": "admin"}.get(namespace)


def main_menu(request: HttpRequest) -> list[NavItem]:
    section = current_section(request)
    items = []
    for entry in sections_for(request.user):
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        current = ("page" if request.path == url else "true") if entry.key == section else None
        items.append(NavItem(entry.key, entry.label, url, current))
    return items


class May:
    """The user's answers to the argument-free predicates of ``samla.accounts.access`` for templates:
    ``may.list_award_letters`` is ``access.can_list_award_letters(user)``. Unknown names are an error."""

    def __init__(self, user) -> None:
        self._user = user

    def __getattr__(self, name: str) -> bool:
        predicate = getattr(access, f"can_{name}", None)
        if predicate is None or name.startswith("_"):
            raise AttributeError(name)
        return bool(predicate(self._user))

    def __getitem__(self, name: str) -> bool:  # Django templates try a key lookup first
        try:
            return getattr(self, name)
        except AttributeError as exc:
            raise KeyError(name) from exc
