"""Parsing: pure functions from landed lines and cells to typed facts with provenance."""
