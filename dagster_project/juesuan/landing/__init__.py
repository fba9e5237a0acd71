"""Landing: turn report files into verbatim lines and table cells, or a clear rejection."""
