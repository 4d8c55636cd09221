"""aligner batch: command module (being written)."""
