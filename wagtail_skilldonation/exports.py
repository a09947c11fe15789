"""Spreadsheet exports that are safe to open: one mixin for every export view.

Wagtail's CSV writer leaves ``= + - @`` at the start of a cell live (a spreadsheet
program runs it as a formula, and a volunteer's name is typed by anyone), and openpyxl
refuses control characters, so one stored name could make an XLSX export answer 500.
Mixed in front of any ``SpreadsheetExportMixin`` view (snippet and report views,
modeladmin's index).
"""

import csv
import datetime
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import formats, timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language, override
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import Echo

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """A CSV cell that no spreadsheet program runs as a formula; empty stays empty."""
    text = "" if value is None else force_str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def comma_decimals():
    """Spreadsheets where the decimal separator is a comma (French, German…) split
    CSV columns on ``;`` and read ``12,5`` as a number: the editor's language decides."""
    return formats.get_format("DECIMAL_SEPARATOR") == ","


class SafeExportMixin:
    """Also: CSV in UTF-8 with a BOM (Excel reads accents right), ``;`` and decimal
    commas for a French editor, empty cells empty; dates and times in the site's time
    zone, in CSV and XLSX alike (Wagtail writes XLSX times in UTC, an hour off in Paris)."""

    def stream_csv(self, queryset, language=None):
        # The rows are written while the response streams, after the request's language
        # is gone: each is written in the editor's (headings, separators, decimals).
        language = language or get_language()
        with override(language):
            delimiter = ";" if comma_decimals() else ","
            writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=delimiter)
            header = writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        yield "\ufeff".encode() + header
        for item in queryset:
            with override(language):
                line = self.write_csv_row(writer, self.to_row_dict(item))
            yield line

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset, get_language()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            local = timezone.make_naive(value, timezone.get_current_timezone())
            return local if export_format == self.FORMAT_XLSX else local.strftime("%Y-%m-%d %H:%M")
        if export_format == self.FORMAT_CSV and isinstance(value, (Decimal, float)) and comma_decimals():
            return str(value).replace(".", ",")
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_XLSX:
            # Text stored before inputs were cleaned must not break the whole export
            # (openpyxl already writes a formula-looking string as text).
            return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
        # A number is never a formula (a negative one stays a number).
        return neutralise_cell(value) if isinstance(value, str) else value
