"""OCR of PDF pages that have no usable text layer: triage, rendering, recognition, lines and table cells."""
