"""Forms of the import wizard: the file and its kind, the sheet, the columns, the organisations to choose.

Each form only parses what people send; reading the file, planning and writing stay in
`arrimage.interchange.services`, and permissions in `arrimage.access.policy`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from arrimage.access import policy
from arrimage.concertation.models import Concertation
from arrimage.interchange.bundles import BUNDLE_KINDS, HSDS, POPOLO, bundle_name_error
from arrimage.interchange.columns import kind_columns
from arrimage.interchange.importing.plan import NEW
from arrimage.interchange.models import ImportKind
from arrimage.interchange.reading import CSV_SUFFIXES, XLSX_SUFFIXES, ImportFileError, check_file_size
from arrimage.interchange.services import TABLE_KINDS

from .forms import RegistryForm

KINDS = (*TABLE_KINDS, *BUNDLE_KINDS)
TABLE_SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES

KIND_HELP = {
    "organizations": _("One organisation per row: name, sector, website, territories served…"),
    "people": _("One person per row, with the organisation they work for and their job title."),
    "members": _("Who sits at a concertation: organisation, representative, seat, role, start date."),
    "concertations": _("One concertation per row: name, kind, level, territories, themes."),
    "services": _("One service per row: organisation, name of the service, description, territories, address."),
    POPOLO: _("Organisations, concertations, seats and their holders in the Popolo standard (.json)."),
    HSDS: _("A file in the Open Referral HSDS standard (.json, or a .zip of its CSV tables)."),
}


def editable_concertations(user: Any) -> list[Concertation]:
    """The concertations whose members this user may import, by name."""
    visible = policy.visible_concertations(user, Concertation.objects.all()).prefetch_related("territories")
    return [c for c in visible.order_by("name") if policy.can_import(user, "members", concertation=c)]


class UploadForm(RegistryForm):
    """Step 1: what the file lists, for which concertation, and the file itself."""

    kind = forms.ChoiceField(label=_("What does the file list?"), widget=forms.RadioSelect)
    concertation = forms.ModelChoiceField(
        label=_("Concertation"),
        queryset=Concertation.objects.all(),
        required=False,
        help_text=_("For the members of a concertation: the concertation they sit on."),
        empty_label=_("Choose a concertation"),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or Excel (.xlsx) with the column names in the first row; .json for Popolo; .json or .zip for HSDS."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx,.xlsm,.json,.zip"}),
    )

    fieldsets = [(None, ["kind", "concertation", "file"])]

    def __init__(self, *args: Any, user: Any, concertations: Sequence[Concertation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ImportKind.choices)
        kinds = [kind for kind in KINDS if (kind == "members" and concertations) or policy.can_import(user, kind)]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(kind, labels[kind]) for kind in kinds]
        self.kind_help = {kind: KIND_HELP[kind] for kind in kinds}
        self.kinds = kinds
        # Every concertation is accepted here, so that the view answers « forbidden » (not « unknown
        # choice ») for one the user may not edit; the list offers only those they may.
        widget = cast(forms.Select, self.fields["concertation"].widget)
        widget.choices = [("", _("Choose a concertation")), *((c.pk, c.name) for c in concertations)]

    def kind_options(self) -> list[tuple[Any, Any]]:
        """Each radio button of the kinds with the sentence that explains it."""
        return [(radio, self.kind_help.get(radio.data["value"], "")) for radio in self["kind"]]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_file_size(upload.size)  # before anything reads the upload
        except ImportFileError as error:
            raise ValidationError(error.message, code=error.code) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, upload = data.get("kind"), data.get("file")
        if kind == "members" and not data.get("concertation"):
            self.add_error("concertation", _("Choose the concertation whose members the file lists."))
        if kind and upload is not None:
            suffix = PurePath(upload.name).suffix.lower()
            if kind in BUNDLE_KINDS:
                name_error = bundle_name_error(kind, upload.name)
                if name_error:
                    self.add_error("file", name_error)
            elif suffix not in TABLE_SUFFIXES:
                self.add_error("file", _("This kind of file cannot be read. Send a .csv or .xlsx file."))
        return data


class SheetForm(RegistryForm):
    """Step 2, for a workbook of several sheets: the sheet to read."""

    sheet = forms.ChoiceField(label=_("Sheet to import"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, sheets: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sheet"]).choices = [(name, name) for name in sheets]


class MappingForm(RegistryForm):
    """Step 3: for each column of the file, the field it feeds (or none)."""

    remember = forms.BooleanField(
        label=_("Remember these columns for my next files with the same column names"), required=False
    )

    def __init__(self, *args: Any, headers: Sequence[str], kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = list(headers)
        self.columns = kind_columns(kind)
        choices: list[tuple[str, Any]] = [("", _("— Ignore this column —"))]
        for field in self.columns.fields:
            label = _("%(field)s (required)") % {"field": field.label} if field.required else field.label
            choices.append((field.name, label))
        for position, header in enumerate(self.headers):
            self.fields[self.column_name(position)] = forms.ChoiceField(
                label=_("Field fed by the column « %(header)s »") % {"header": header},
                choices=choices,
                required=False,
            )

    @staticmethod
    def column_name(position: int) -> str:
        return f"column_{position}"

    def column_fields(self) -> Iterator[forms.BoundField]:
        for position in range(len(self.headers)):
            yield self[self.column_name(position)]

    def required_groups(self) -> list[str]:
        """Each required group as words: « Organisation » or « Organisation or Full name »."""
        return [
            str(_(" or ").join(f"« {self.columns.field(name).label} »" for name in group))
            for group in self.columns.required_groups
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        taken: dict[str, str] = {}
        for position, header in enumerate(self.headers):
            name = data.get(self.column_name(position)) or ""
            if not name:
                continue
            if name in taken:
                self.add_error(
                    self.column_name(position),
                    _("The column « %(other)s » already feeds « %(field)s ». Choose another field, or ignore one.")
                    % {"other": taken[name], "field": self.columns.field(name).label},
                )
            taken[name] = header
        for group in self.columns.required_groups:
            if not set(group) & set(taken):
                labels = _(" or ").join(f"« {self.columns.field(name).label} »" for name in group)
                self.add_error(None, _("Say which column holds %(fields)s.") % {"fields": labels})
        return data

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data.get(self.column_name(position)) or ""
            for position, header in enumerate(self.headers)
        }


class ChoicesForm(forms.Form):
    """Step 4: the organisation meant on each row of the page that waits for a choice."""

    def __init__(self, *args: Any, rows: Sequence[dict[str, Any]], chosen: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            if not row["candidates"]:
                continue
            choices: list[tuple[str, Any]] = [
                (
                    str(candidate["id"]),
                    _("« %(name)s » (%(score)s %% alike)") % {"name": candidate["name"], "score": candidate["score"]},
                )
                for candidate in row["candidates"]
            ]
            choices.append((NEW, _("Create a new organisation")))
            name = self.line_name(row["line"])
            self.fields[name] = forms.ChoiceField(
                label=_("Organisation meant on line %(line)s") % {"line": row["line"]},
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=chosen.get(str(row["line"])),
            )

    @staticmethod
    def line_name(line: int) -> str:
        return f"line_{line}"

    def for_line(self, line: int) -> forms.BoundField | None:
        name = self.line_name(line)
        return self[name] if name in self.fields else None

    def choices(self) -> dict[str, str]:
        """Line → organisation id or « new », for the lines answered."""
        return {
            name.removeprefix("line_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("line_") and value
        }
