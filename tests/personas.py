"""The test personas: one way to make a user with a role and its scope.

    from tests.personas import make_user
    governor = make_user("gov-inn", Role.COUNTY_GOVERNOR, region=innlandet)
    elverum = make_user("u-elverum", Role.MUNICIPALITY, municipality=elverum_municipality)
    outsider = make_user("nobody")            # signed in, no role

Every app's fixtures build their personas with ``make_user`` (style.md habit 9: own municipality, other
municipality, other region, evaluator, directorate), so a rule about users (a password, a role constraint)
is changed in one place.
"""

from __future__ import annotations

from typing import Any


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
