"""Documents on the case file."""
