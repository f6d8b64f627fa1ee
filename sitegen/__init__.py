"""third-places: a static-site generator for the Smart cooperative's directory of spaces."""
