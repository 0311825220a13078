"""Samla: programme financing for municipalities."""

__version__ = "0.1.0"
