"""The test personas: one way to make a user with a role and its scope, and one set of standard personas.

    from tests.personas import make_user
    governor = make_user("gov-inn", Role.COUNTY_GOVERNOR, region=innlandet)
    elverum = make_user("u-elverum", Role.MUNICIPALITY, municipality=elverum_municipality)
    outsider = make_user("nobody")            # signed in, no role

    from tests.personas import make_personas
    users = make_personas(region=innlandet, other_region=trondelag,
                          municipalities={"elverum": elverum, "tynset": tynset, "trondheim": trondheim})
    users["governor"], users["resource_other_region"], users["elverum"]  # "gov", "res-tro", "u-elverum"

Every app's fixtures build their personas with these two (style.md habit 9: own municipality, other
municipality, other region, evaluator, directorate), so a rule about users (a password, a role constraint)
is changed in one place. The fixtures ``persona_places`` and ``personas`` in tests/conftest.py give the
standard set around Innlandet (Elverum, Tynset) and Trøndelag (Trondheim) to any test that needs no more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# key → (username, role, scope): "region" is the own region, "other_region" the other one. The keys are the
# ones every app's tests use (world.users["governor"], people["directorate"], ...).
STANDARD: dict[str, tuple[str, str | None, str | None]] = {
    "directorate": ("dir", "directorate", None),
    "evaluator": ("eva", "evaluator", None),
    "governor": ("gov", "county_governor", "region"),
    "governor_other_region": ("gov-tro", "county_governor", "other_region"),
    "resource": ("res", "resource_group", "region"),
    "resource_other_region": ("res-tro", "resource_group", "other_region"),
    "competence": ("komp", "competence_centre", "region"),
    "system_admin": ("sysadm", "system_admin", None),
    "outsider": ("nobody", None, None),
}


def make_user(username: str, role: Any = None, *, region: Any = None, municipality: Any = None,
              password: str | None = None, **fields: Any):
    """A user, with one role assignment when ``role`` is given (region- or municipality-scoped as the role
    requires). ``password`` None leaves the account without a usable password."""
    from django.contrib.auth import get_user_model

    from samla.accounts.models import RoleAssignment

    user = get_user_model()(username=username, **fields)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    if role:
        RoleAssignment.objects.create(user=user, role=role, region=region, municipality=municipality)
    return user


def make_personas(*, region: Any, other_region: Any, municipalities: Mapping[str, Any] | None = None,
                  keys: Iterable[str] = STANDARD, usernames: Mapping[str, str] | None = None,
                  prefix: str = "") -> dict[str, Any]:
    """The standard personas named in ``keys`` (in that order, so primary keys follow it), then one municipality
    user ``u-<key>`` per entry of ``municipalities``. ``usernames`` renames some (``{"resource": "res1"}``);
    ``prefix`` goes before every username (two sets of personas in one database)."""
    names = dict(usernames or {})
    users: dict[str, Any] = {}
    for key in keys:
        username, role, scope = STANDARD[key]
        where = {"region": region, "other_region": other_region, None: None}[scope]
        users[key] = make_user(prefix + names.get(key, username), role, region=where)
    for key, municipality in (municipalities or {}).items():
        users[key] = make_user(prefix + names.get(key, f"u-{key}"), "municipality", municipality=municipality)
    return users
