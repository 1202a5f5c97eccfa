"""Input shapes for onboarding from a spreadsheet: the upload, and the file carried to its confirmation."""

import math

from django import forms
from django.core.exceptions import ValidationError

from playbook.onboarding import MAX_BYTES, MAX_ROWS
from playbook.spreadsheets import UnreadableSpreadsheet, read_rows

# What travels back with the confirmation: the four columns of a clean file, at most MAX_ROWS rows of
# names, an email and a role each; far inside a request's 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE).
CARRIED_MAX = 2 * MAX_BYTES


class PeopleUploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text=f"CSV (UTF-8) or Excel (.xlsx), up to 1 MB and {MAX_ROWS:,} rows; the first sheet is read.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            size = math.ceil(upload.size / 100_000) / 10  # rounded up: never "1.0 MB; up to 1 MB"
            raise ValidationError(
                f"The file is {size:.1f} MB; files up to {MAX_BYTES / 1_000_000:g} MB can be uploaded. "
                "Split it into smaller files."
            )
        try:
            # Header and MAX_ROWS rows, plus one so that "too many" can be told without reading on.
            return read_rows(upload.read(), max_rows=MAX_ROWS + 1)
        except UnreadableSpreadsheet as exc:
            raise ValidationError(str(exc)) from None


class PeopleConfirmForm(forms.Form):
    # The file comes back with the confirmation and is checked again, so an edited copy gains nothing.
    cells = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=CARRIED_MAX)
