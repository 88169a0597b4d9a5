"""Importers for the official reference files (see ``lotse.reference.services``)."""
