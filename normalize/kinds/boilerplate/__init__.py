"""Boilerplate lines: the detector (the algorithm, ``detector``) and its rule kind (``kind``)."""
