"""The way back: translations spliced into a projection, variables resolved, links kept."""
