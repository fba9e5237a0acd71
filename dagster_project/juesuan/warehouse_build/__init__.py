"""Building the warehouse: a fresh build file for dbt, then an atomic publish."""
