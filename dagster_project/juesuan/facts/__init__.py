"""The facts store: what extraction produced, one Parquet file per report per table."""
