"""Samla's pure-Python domain core. Nothing in this package may import Django."""
