"""Award letters: the list (each reader sees their own), generation by the directorate, the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from samla.accounts import access
from samla.allocation import selectors, services
from samla.web.lists import Column, export_format, export_response, paginate

LETTER_COLUMNS = [
    Column("municipality", _("Municipality"), lambda letter: letter.municipality.name),
    Column("number", _("Municipality number"), lambda letter: letter.municipality.number),
    Column("version", _("Version"), lambda letter: letter.version),
    Column("run", _("Run"), lambda letter: letter.run.number),
    Column("date", _("Letter date"), lambda letter: letter.letter_date),
    Column("case_number", _("Case number"), lambda letter: letter.case_number),
    Column("total", _("Total (NOK)"), lambda letter: letter.total),
    Column("sha256", _("SHA-256"), lambda letter: letter.sha256),
]


def _programme_for_letters(request: HttpRequest, slug: str):
    programme = selectors.programme_by_slug(slug)
    if programme is None or not access.can_list_award_letters(request.user):
        raise PermissionDenied(selectors.NOT_ALLOWED)
    return programme


@login_required
@require_GET
def letter_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for_letters(request, slug)
    letters = selectors.letters_visible_to(request.user, programme)
    if fmt := export_format(request):
        return export_response(LETTER_COLUMNS, letters, filename=f"letters-{programme.slug}", fmt=fmt)
    current = selectors.current_locked_run(programme)
    return render(request, "allocation/letters/list.html", {
        "programme": programme, "page": paginate(request, letters), "current": current,
        "can_manage": access.can_manage_allocation(request.user),
    })


@login_required
@require_POST
def letter_generate(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for_letters(request, slug)
    try:
        made = services.award_letters_generate(actor=request.user, programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("%(count)s award letters were made.") % {"count": len(made)} if made
                         else gettext("Every participant already has a letter from the locked run."))
    return redirect("allocation:letter_list", slug=programme.slug)


@login_required
@require_GET
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for(request.user, pk)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    name = f"tildelingsbrev-{letter.programme.slug}-{letter.municipality.number}-v{letter.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-SHA256"] = letter.sha256
    return response
