"""Checks on the built warehouse: Great Expectations suites and the findings report."""
