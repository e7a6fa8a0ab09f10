"""The PO layer: the strict reader (pofile), a page's catalog and its update (catalogs), the translation
memory, and the one review that build, check and import use (review)."""
