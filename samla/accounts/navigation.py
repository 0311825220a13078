"""The main menu: which sections a user sees, and which one the current page belongs to.

The menu only shows the way; every page checks access itself with samla.accounts.access. A section
whose page does not exist (yet) is left out instead of breaking the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from samla.accounts.access import (
    can_list_applications,
    can_manage_users,
    can_open_evaluation,
    can_open_followup,
    can_read_audit_log,
    scope_of,
)


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any
    url: str
    current: str | None  # the aria-current value: "page", "true" (a page inside the section) or None


def _sections(user) -> list[tuple[str, Any, str]]:
    """(key, label, URL name) of the sections the user may use, in menu order."""
    scope = scope_of(user)
    has_role = bool(scope.national or scope.regions or scope.municipalities)
    sections = []
    if has_role:
        sections.append(("work", pgettext_lazy("main menu", "My work"), "calls:dashboard"))
    if can_list_applications(user):
        sections.append(("applications", pgettext_lazy("main menu", "Applications"), "calls:application_list"))
    sections.append(("allocation", pgettext_lazy("main menu", "Allocation"), "allocation:home"))
    if can_open_followup(user):
        sections.append(("followup", pgettext_lazy("main menu", "Follow-up"), "followup:index"))
    if can_open_evaluation(user):
        sections.append(("evaluation", pgettext_lazy("main menu", "Evaluation"), "evaluation:dashboard"))
    if can_manage_users(user):
        sections.append(("users", pgettext_lazy("main menu", "Users"), "users:user_list"))
    if can_read_audit_log(user):
        sections.append(("audit", pgettext_lazy("main menu", "Audit log"), "audit:log"))
    if getattr(user, "is_staff", False):
        sections.append(("admin", pgettext_lazy("main menu", "Administration"), "admin:index"))
    return sections


def current_section(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    namespace = match.namespaces[0] if match.namespaces else ""
    if namespace == "calls":
        return "applications" if "application" in (match.url_name or "") else "work"
    return {"allocation": "allocation", "evaluation": "evaluation", "followup": "followup", "users": "users",
            "audit": "audit", "admin": "admin"}.get(namespace)


def main_menu(request: HttpRequest) -> list[NavItem]:
    section = current_section(request)
    items = []
    for key, label, name in _sections(request.user):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = ("page" if request.path == url else "true") if key == section else None
        items.append(NavItem(key, label, url, current))
    return items
