"""The PO layer: reading GNU gettext catalogs strictly, as msgfmt does, into polib's objects."""
