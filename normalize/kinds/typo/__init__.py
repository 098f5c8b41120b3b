"""Typos: the fixer (the algorithm, ``fixer``) and its rule kind (``kind``)."""
