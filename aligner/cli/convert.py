"""aligner convert: command module (being written)."""
