"""Extraction: one report file in, its facts out (landing + parsing), run by parallel workers."""
