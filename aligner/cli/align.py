"""aligner align: command module (being written)."""
