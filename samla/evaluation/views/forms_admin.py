"""The evaluator's forms: list, versions with their questions, publishing, new versions and XLSForm files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samla.evaluation import selectors, services
from samla.evaluation.forms import ItemForm, NewFormForm, XLSFormUploadForm
from samla.evaluation.models import Item
from samla.evaluation.views.common import add_service_errors, flash
from samla.evaluation.xlsform import XLSFormError, export_xlsform, import_xlsform
from samla.web.lists import XLSX_TYPE


@login_required
@require_http_methods(["GET", "POST"])
def form_list(request: HttpRequest) -> HttpResponse:
    forms = selectors.forms_for(request.user)
    new_form = NewFormForm(request.POST or None, prefix="new")
    if request.method == "POST" and new_form.is_valid():
        form = services.form_create(actor=request.user, **new_form.cleaned_data)
        flash(request, _("The form is created with an empty draft version."))
        return redirect("evaluation:version_detail", pk=form.versions.get().pk)
    return render(request, "evaluation/form_list.html", {"forms": forms, "new_form": new_form,
                                                         "upload_form": XLSFormUploadForm()})


@login_required
@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for(request.user, pk)
    context = {"version": version, "items": version.items.all(), "waves": version.waves.all(),
               "item_form": ItemForm(initial={"type": Item.Type.LIKERT, "required": True}) if not
               version.is_published else None, "upload_form": XLSFormUploadForm()}
    return render(request, "evaluation/version_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, version_pk: int, pk: int | None = None) -> HttpResponse:
    version = selectors.version_for(request.user, version_pk)
    if version.is_published:
        flash(request, _("This form version is published and cannot be changed. Make a new version instead."))
        return redirect("evaluation:version_detail", pk=version.pk)
    item = get_object_or_404(Item, pk=pk, version=version) if pk else None
    form = ItemForm(request.POST or None, initial=ItemForm.initial_for(item) if item else {"type": "likert"})
    if request.method == "POST" and form.is_valid():
        try:
            services.item_save(actor=request.user, version=version, item=item, data=form.item_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            flash(request, _("The question is saved."))
            return redirect("evaluation:version_detail", pk=version.pk)
    return render(request, "evaluation/item_form.html", {"version": version, "item": item, "form": form})


@login_required
@require_POST
def item_delete(request: HttpRequest, version_pk: int, pk: int) -> HttpResponse:
    version = selectors.version_for(request.user, version_pk)
    item = get_object_or_404(Item, pk=pk, version=version)
    try:
        services.item_delete(actor=request.user, item=item)
        flash(request, _("The question is removed."))
    except ValidationError as error:
        flash(request, " ".join(error.messages))
    return redirect("evaluation:version_detail", pk=version.pk)


@login_required
@require_POST
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for(request.user, pk)
    try:
        services.form_version_publish(actor=request.user, version=version)
        flash(request, _("The version is published and can no longer be changed."))
    except ValidationError as error:
        flash(request, " ".join(error.messages))
    return redirect("evaluation:version_detail", pk=version.pk)


@login_required
@require_POST
def version_new_draft(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for(request.user, pk)
    new = services.form_version_new_draft(actor=request.user, version=version)
    flash(request, _("A new draft version is made from version %(number)d.") % {"number": version.number})
    return redirect("evaluation:version_detail", pk=new.pk)


@login_required
@require_GET
def version_xlsform(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for(request.user, pk)
    response = HttpResponse(export_xlsform(version), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="form-{version.form_id}-v{version.number}.xlsx"'
    return response


@login_required
@require_POST
def xlsform_upload(request: HttpRequest, pk: int) -> HttpResponse:
    form_obj = selectors.form_for(request.user, pk)
    upload = XLSFormUploadForm(request.POST, request.FILES)
    if upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            items = import_xlsform(file.read())
        except XLSFormError as error:
            upload.add_error("file", str(error))
        else:
            version = services.form_version_import_items(actor=request.user, form=form_obj, items=items,
                                                         source=file.name)
            flash(request, _("The XLSForm is imported as draft version %(number)d.") % {"number": version.number})
            return redirect("evaluation:version_detail", pk=version.pk)
    return render(request, "evaluation/xlsform_upload.html", {"form_obj": form_obj, "upload_form": upload},
                  status=400)

