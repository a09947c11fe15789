"""Spreadsheet exports that are safe to open: one mixin for every export view.

Wagtail's CSV writer leaves ``= + - @`` at the start of a cell live (a spreadsheet
program runs it as a formula, and a volunteer's name is typed by anyone), and openpyxl
refuses control characters, so one stored name could make an XLSX export answer 500.
Mixed in front of any ``SpreadsheetExportMixin`` view (snippet and report views,
modeladmin's index).
"""

from django.utils.encoding import force_str
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """A CSV cell that no spreadsheet program runs as a formula; empty stays empty."""
    text = "" if value is None else force_str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class SafeExportMixin:
    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_XLSX:
            # Text stored before inputs were cleaned must not break the whole export
            # (openpyxl already writes a formula-looking string as text).
            return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
        # A number is never a formula (a negative one stays a number).
        return neutralise_cell(value) if isinstance(value, str) else value
