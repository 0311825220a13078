"""User and role administration for system administrators: the user list (filtered, exportable), a new account,
one account's page with its roles and history, and the audited changes (grant, revoke, deactivate, reactivate,
send the set-password e-mail again). Every page and POST asks ``access.can_manage_users``; the services check
again and write the audit events."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samla.accounts import access, selectors, services, two_factor
from samla.accounts.forms import ReasonForm, RoleGrantForm, UserCreateForm, UserFilterForm
from samla.accounts.models import Role, RoleAssignment
from samla.audit import diff
from samla.web.lists import Column, export_format, export_response, paginate

ACTIVE = gettext_lazy("Active")
DEACTIVATED = gettext_lazy("Deactivated")
SUPERUSER = gettext_lazy("Superuser (counts as system administrator)")
DEACTIVATE_REASON = gettext_lazy("Reason for deactivating")
REACTIVATE_REASON = gettext_lazy("Reason for reactivating")
REVOKE_REASON = gettext_lazy("Reason for revoking the role")
RESET_REASON = gettext_lazy("Why is the second factor reset?")


def assignment_label(assignment: RoleAssignment) -> str:
    """"County governor (Innlandet)", "Municipality (3420 Elverum)", "Evaluator"."""
    scope = assignment.municipality or assignment.region
    return f"{assignment.get_role_display()} ({scope})" if scope else str(assignment.get_role_display())


def roles_text(user) -> str:
    labels = [assignment_label(a) for a in user.role_assignments.all()]
    if user.is_superuser:
        labels.append(str(SUPERUSER))
    return "; ".join(labels)


# What a list row and an export hold: no password (hash), no token, nothing secret.
COLUMNS = [
    Column("username", gettext_lazy("User name"), lambda u: u.username),
    Column("name", gettext_lazy("Name"), lambda u: u.get_full_name()),
    Column("email", gettext_lazy("E-mail"), lambda u: u.email),
    Column("status", gettext_lazy("Status"), lambda u: ACTIVE if u.is_active else DEACTIVATED),
    Column("roles", gettext_lazy("Roles"), roles_text),
    Column("last_login", gettext_lazy("Last sign-in"), lambda u: u.last_login),
    Column("date_joined", gettext_lazy("Created"), lambda u: u.date_joined),
]


def _require_manager(request: HttpRequest) -> None:
    if not access.can_manage_users(request.user):
        raise PermissionDenied


def _add_service_errors(form: Form, exc: ValidationError) -> None:
    """A service's refusal on the form: field errors on their field, everything else form-wide."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _host(request: HttpRequest) -> dict:
    return {"domain": request.get_host(), "use_https": request.is_secure()}


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "accounts/users/list.html", {"form": form, "page": None}, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    users = selectors.users_filtered(role=filters.get("role", ""), region=filters.get("region"),
                                     municipality=filters.get("municipality"), active=filters.get("active", ""),
                                     search=filters.get("q", ""))
    if fmt := export_format(request):
        return export_response(COLUMNS, users, filename="users", fmt=fmt)
    page = paginate(request, users)
    return render(request, "accounts/users/list.html", {
        "form": form, "page": page, "filtered": any(v for v in filters.values()),
        "rows": [(user, [assignment_label(a) for a in user.role_assignments.all()]) for user in page]})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data, **_host(request))
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("The account %(username)s is created. A link to set a password has been "
                                        "sent to %(email)s. Give the user a role below.")
                             % {"username": user.username, "email": user.email})
            return redirect("users:user_detail", pk=user.pk)
    return render(request, "accounts/users/create.html", {"form": form})


def _detail(request: HttpRequest, account, *, status: int = 200, grant_form: RoleGrantForm | None = None,
            status_form: ReasonForm | None = None, reset_form: ReasonForm | None = None) -> HttpResponse:
    own = account.pk == request.user.pk
    assignments = [(a, assignment_label(a), own and a.role == Role.SYSTEM_ADMIN)
                   for a in selectors.role_assignments_of(account)]
    events = [(event, diff.changes(event.before, event.after))
              for event in selectors.audit_events_about_user(account)]
    label = DEACTIVATE_REASON if account.is_active else REACTIVATE_REASON
    return render(request, "accounts/users/detail.html", {
        "account": account, "own": own, "assignments": assignments, "events": events,
        "grant_form": grant_form or RoleGrantForm(prefix="grant"),
        "status_form": status_form or ReasonForm(prefix="status", label=label),
        "can_invite": account.is_active and bool(account.email) and account.last_login is None,
        "can_read_audit_log": access.can_read_audit_log(request.user),
        "two_factor_on": two_factor.is_enrolled(account), "two_factor_required": two_factor.required_for(account),
        "reset_form": reset_form or ReasonForm(prefix="reset", label=RESET_REASON),
    }, status=status)


@login_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.user_for_admin(request.user, pk))


@login_required
@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.user_for_admin(request.user, pk)
    form = RoleGrantForm(request.POST, prefix="grant")
    if form.is_valid():
        try:
            assignment = services.role_grant(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("%(user)s now holds the role %(role)s.")
                             % {"user": account.username, "role": assignment_label(assignment)})
            return redirect("users:user_detail", pk=account.pk)
    return _detail(request, account, grant_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def role_revoke(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    account = selectors.user_for_admin(request.user, pk)
    assignment = selectors.role_assignment_for_admin(request.user, account, assignment_pk)
    form = ReasonForm(request.POST or None, prefix="revoke", label=REVOKE_REASON)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.role_revoke(actor=request.user, assignment=assignment, **form.cleaned_data)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("The role %(role)s is revoked from %(user)s.")
                                 % {"role": assignment_label(assignment), "user": account.username})
                return redirect("users:user_detail", pk=account.pk)
        status = 400
    return render(request, "accounts/users/revoke.html", {
        "account": account, "assignment": assignment, "label": assignment_label(assignment), "form": form},
        status=status)


def _status_change(request: HttpRequest, pk: int, service, label, done: str) -> HttpResponse:
    account = selectors.user_for_admin(request.user, pk)
    form = ReasonForm(request.POST, prefix="status", label=label)
    if form.is_valid():
        try:
            service(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, done % {"user": account.username})
            return redirect("users:user_detail", pk=account.pk)
    return _detail(request, account, status_form=form, status=400)


@login_required
@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, services.user_deactivate, DEACTIVATE_REASON,
                          _("The account %(user)s is deactivated: it can no longer sign in."))


@login_required
@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, services.user_reactivate, REACTIVATE_REASON,
                          _("The account %(user)s is active again."))


@login_required
@require_POST
def user_invite(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.user_for_admin(request.user, pk)
    try:
        services.user_invitation_send(actor=request.user, user=account, **_host(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("A new link to set a password has been sent to %(email)s.")
                         % {"email": account.email})
    return redirect("users:user_detail", pk=account.pk)


@login_required
@require_POST
def two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Reset another person's second factor (``/users/<pk>/two-factor/reset/``), with a reason."""
    account = selectors.user_for_admin(request.user, pk)
    form = ReasonForm(request.POST, prefix="reset", label=RESET_REASON)
    if form.is_valid():
        try:
            two_factor.reset(actor=request.user, user=account, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("The second factor of %(user)s is reset.") % {"user": account.username})
            return redirect("users:user_detail", pk=account.pk)
    return _detail(request, account, reset_form=form, status=400)
