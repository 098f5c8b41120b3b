"""Merged words: the splitter (the algorithm, ``splitter``) and its rule kind (``kind``)."""
