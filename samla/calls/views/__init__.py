"""The workflow pages. Each view: decorators, an access check on the object first, form → service → redirect."""
