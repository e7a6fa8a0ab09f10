"""Reading l10n.yaml and Hugo's own configs."""
