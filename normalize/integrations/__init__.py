"""Integrations with data engines (optional extras)."""
