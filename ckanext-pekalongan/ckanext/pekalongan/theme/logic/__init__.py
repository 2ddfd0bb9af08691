"""Logic layer of the theme plugin (validators)."""
