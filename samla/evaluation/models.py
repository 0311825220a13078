"""The evaluator's reflection forms (self-assessments) in waves, the municipalities' responses, and the
evaluator's log of interviews and workshops.

A form has numbered versions. A published version is frozen: its items cannot be saved or deleted (the
model refuses, so no code path can change what a municipality answered); a change is a new draft version
copied from the old one. A wave asks the participating municipalities to answer one published version
between two dates. Each municipality has one response per wave, with an optimistic-locking ``version``;
"don't know" is a flag beside the 1–5 scale, never a value on it. All writes go through ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samla.allocation.models import Programme
from samla.registry.models import Municipality, Region
from samla.web.uploads import NO_CHILD_DATA

VERSION_FROZEN = _("This form version is published and cannot be changed. Make a new version instead.")
ITEM_CODE_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,59}$"
SCALE = range(1, 6)


class Form(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("programme"),
                                  help_text=_("Its participants are the default municipalities of a new wave."))
    illustrative = models.BooleanField(_("illustrative"), default=False,
                                       help_text=_("Demo data made up for illustration, not real answers."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reflection form")
        verbose_name_plural = _("reflection forms")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class FormVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="versions", verbose_name=_("form"))
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("based on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="form_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="form_version_number_positive"),
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True)
                | Q(status="published", published_at__isnull=False),
                name="form_version_published_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


def default_choices() -> list:
    return []


class Item(models.Model):
    """One question of a form version. ``item_code`` links the same question across versions and waves."""

    class Type(models.TextChoices):
        LIKERT = "likert", _("Scale 1–5")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        FREE_TEXT = "free_text", _("Free text")

    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("form version"))
    item_code = models.CharField(
        _("item code"), max_length=60,
        help_text=_("Stable code linking the same question across waves: letters, digits and _."))
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    text_nb = models.TextField(_("question (bokmål)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    type = models.CharField(_("type"), max_length=15, choices=Type.choices, default=Type.LIKERT)
    required = models.BooleanField(_("required"), default=True)
    allow_dont_know = models.BooleanField(_("allow \"don't know / not relevant\""), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    # Single choice: [{"value": "a", "label_nb": "...", "label_en": "..."}, ...]
    choices = models.JSONField(_("choices"), default=default_choices, blank=True)
    anchor_low_nb = models.CharField(_("label of 1 (bokmål)"), max_length=100, default="i liten grad")
    anchor_high_nb = models.CharField(_("label of 5 (bokmål)"), max_length=100, default="i stor grad")
    anchor_low_en = models.CharField(_("label of 1 (English)"), max_length=100, default="to a small degree")
    anchor_high_en = models.CharField(_("label of 5 (English)"), max_length=100, default="to a large degree")

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "item_code"], name="item_code_unique_in_version"),
            models.CheckConstraint(condition=Q(item_code__regex=ITEM_CODE_PATTERN), name="item_code_format"),
            models.CheckConstraint(condition=Q(type__in=["likert", "single_choice", "free_text"]),
                                   name="item_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.text_nb}"

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        if self.type == self.Type.SINGLE_CHOICE:
            values = [c.get("value") for c in self.choices or [] if isinstance(c, dict)]
            if len(values) < 2 or len(values) != len(set(values)) or not all(values):
                raise ValidationError({"choices": _("A single-choice question needs at least two different "
                                                    "choices.")})

    def _refuse_if_frozen(self) -> None:
        version_ids = {self.version_id}
        if self.pk:
            version_ids |= set(Item.objects.filter(pk=self.pk).values_list("version_id", flat=True))
        if FormVersion.objects.filter(pk__in=version_ids, status=FormVersion.Status.PUBLISHED).exists():
            raise ValidationError(VERSION_FROZEN, code="frozen")

    def text(self, language: str) -> str:
        return self.text_en if language == "en" and self.text_en else self.text_nb

    def anchors(self, language: str) -> tuple[str, str]:
        if language == "en":
            return self.anchor_low_en or self.anchor_low_nb, self.anchor_high_en or self.anchor_high_nb
        return self.anchor_low_nb, self.anchor_high_nb

    def choice_label(self, value: str, language: str) -> str:
        for choice in self.choices or []:
            if choice.get("value") == value:
                return (choice.get("label_en") if language == "en" else "") or choice.get("label_nb") or value
        return value


class Wave(models.Model):
    """One round of the reflection form, e.g. "2019", for the participating municipalities."""

    label = models.CharField(_("label"), max_length=40, help_text=_("E.g. 2019."))
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="waves",
                                verbose_name=_("form version"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    municipalities = models.ManyToManyField(Municipality, related_name="+", verbose_name=_("municipalities"))
    illustrative = models.BooleanField(_("illustrative"), default=False,
                                       help_text=_("Demo data made up for illustration, not real answers."))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["-opens_on", "label"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="wave_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.version.form} {self.label}"

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Response(models.Model):
    """A municipality's answers in one wave. Submitted responses change only after a recorded reopening."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="responses", verbose_name=_("wave"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1,
                                          help_text=_("Raised by every save; a save naming an older version "
                                                      "is refused."))
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["wave", "municipality__number"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "municipality"], name="response_one_per_wave"),
            models.CheckConstraint(condition=Q(version__gte=1), name="response_version_positive"),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="response_submitted_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.wave} – {self.municipality}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ResponseAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("response"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    dont_know = models.BooleanField(_("don't know / not relevant"), default=False)
    choice = models.CharField(_("choice"), max_length=60, blank=True)
    text = models.TextField(_("text"), blank=True, help_text=NO_CHILD_DATA)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_one_per_item"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                                   name="answer_value_on_scale"),
            # "Don't know" lies outside the scale: never together with a value or a choice.
            models.CheckConstraint(condition=Q(dont_know=False) | Q(value__isnull=True, choice=""),
                                   name="answer_dont_know_outside_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.item.item_code}"

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.dont_know and not self.choice and not self.text.strip()


class ResponseReopening(models.Model):
    """A recorded reopening of a submitted response by the evaluator: who, when and why."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="reopenings",
                                 verbose_name=_("response"))
    reason = models.TextField(_("reason"), help_text=NO_CHILD_DATA)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("reopened by"))
    reopened_at = models.DateTimeField(_("reopened at"))

    class Meta:
        verbose_name = _("response reopening")
        verbose_name_plural = _("response reopenings")
        ordering = ["-reopened_at"]

    def __str__(self) -> str:
        return f"{self.response} {self.reopened_at:%Y-%m-%d}"


class InterviewEntry(models.Model):
    """An interview, workshop or other meeting in the evaluator's log. Participants by role only."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Other")

    held_on = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.INTERVIEW)
    participant_roles = models.TextField(
        _("participants' roles"),
        help_text=_("Roles only, no names, e.g. project leader, head of child welfare. One per line."))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("municipality"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("region"))
    themes = models.TextField(_("themes"), blank=True, help_text=NO_CHILD_DATA)
    notes = models.TextField(_("notes"), blank=True, help_text=NO_CHILD_DATA)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview log entry")
        verbose_name_plural = _("interview log entries")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["interview", "workshop", "other"]),
                                   name="interview_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"

    def roles(self) -> list[str]:
        return [line.strip() for line in self.participant_roles.splitlines() if line.strip()]


def interview_document_path(instance: InterviewDocument, filename: str) -> str:
    return f"evaluation/interviews/{instance.entry_id}/{filename}"


class InterviewDocument(models.Model):
    """A document attached to a log entry. Served only through the evaluator's view, never as a media URL."""

    entry = models.ForeignKey(InterviewEntry, on_delete=models.CASCADE, related_name="documents",
                              verbose_name=_("log entry"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=interview_document_path, max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview document")
        verbose_name_plural = _("interview documents")
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.title
