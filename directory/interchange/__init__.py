"""Offers in and out of the directory, in the formats other systems and spreadsheets use:

- `csv_format`: the CSV columns and how one row is validated and written
- `csv_import`, `csv_export`: the CSV file as a whole
- `hsds_export`, `hsds_import`, `hsds_validation`: Open Referral HSDS 3.0 JSON
- `spreadsheet`: cells a spreadsheet would run as formulas
- `report`: the one report of an import (created, updated, unchanged, errors)
- `staging`: the admin's upload → preview → confirm

Imports point one way: report ← csv_import, hsds_export ← hsds_import ← staging.
"""
