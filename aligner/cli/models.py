"""aligner models: command module (being written)."""
