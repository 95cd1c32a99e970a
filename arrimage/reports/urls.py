"""Printable reports: each opens as a page and downloads as PDF."""

from django.urls import URLPattern

app_name = "reports"
urlpatterns: list[URLPattern] = []
