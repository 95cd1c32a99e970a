from django.urls import URLPattern, path, register_converter

from .views import exports


class SpreadsheetFormat:
    """`csv` or `xlsx`, the extension of an export's address."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SpreadsheetFormat, "sheet")

urlpatterns: list[URLPattern] = [
    path("concertations/export.<sheet:fmt>", exports.concertation_export, name="concertation_export"),
    path("organismes/export.<sheet:fmt>", exports.organization_export, name="organization_export"),
    path(
        "concertations/<int:pk>/sieges.<sheet:fmt>", exports.concertation_seats_export, name="concertation_seats_export"
    ),
]
