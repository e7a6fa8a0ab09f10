"""What leaves the tool: exchange with translators, bundles, the report, pseudo-translation, counts."""
