"""aligner translate: command module (being written)."""
