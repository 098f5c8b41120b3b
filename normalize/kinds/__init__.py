"""Rule kinds, one module each. Importing :mod:`normalize.registry` loads them."""
