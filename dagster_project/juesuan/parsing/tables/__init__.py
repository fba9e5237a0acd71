"""Document part: the standard tables (final-account T01–T09, budget B01–B09)."""
