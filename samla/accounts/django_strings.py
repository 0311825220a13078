"""Django's own messages that its bokmål catalogue lacks (Django 5.2 changed their text). Listed here so
that makemessages puts them in this app's catalogue, which Django reads before its own."""

from django.utils.translation import ngettext_lazy

MISSING_FROM_DJANGO = [
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", "min_length"),
]
