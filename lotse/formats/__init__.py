"""Date and number formats that differ from Django\x27s defaults (settings.FORMAT_MODULE_PATH)."""
