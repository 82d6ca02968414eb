"""CSV import and export in the review admin (filled in by the bulk-import work)."""


class ReviewImportExportMixin:
    """Adds the import page and the export action to the review admin."""
