"""Bulk import and export of reviews as CSV (format: docs/import-format.md).

validate.build_plan() checks a file and says what importing it would change (the
rows that describe stored reviews are sorted out by matching.py); apply.apply_plan()
writes that in one transaction; export.export_reviews() writes reviews in the same
format. Nothing is imported here: worker processes import analysis.py before Django
is set up.
"""
