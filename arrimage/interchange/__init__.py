"""CSV and XLSX imports with matching, exports, and the open standards: Popolo, Open Referral HSDS, GeoJSON."""
