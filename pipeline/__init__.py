"""hugo-l10n: region-aware translation of Hugo documentation through gettext PO files."""

__version__ = "0.1.0"
