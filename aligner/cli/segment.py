"""aligner segment: command module (being written)."""
