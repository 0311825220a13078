"""The evaluation module's pages, one module per part (the urls name each view)."""
