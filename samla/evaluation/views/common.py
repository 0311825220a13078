"""Small helpers shared by the evaluation views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest

from samla.accounts import access


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_evaluator(request: HttpRequest) -> None:
    require(access.can_manage_evaluation(request.user))


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: keyed messages on their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            field = key if key in form.fields else (f"item_{key}" if f"item_{key}" in form.fields else None)
            for e in errors:
                form.add_error(field, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def flash(request: HttpRequest, message) -> None:
    messages.success(request, message)
