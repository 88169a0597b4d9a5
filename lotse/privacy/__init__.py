"""Data-subject requests, erasure by anonymisation, retention."""
