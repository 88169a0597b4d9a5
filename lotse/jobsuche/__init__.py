"""Vacancies from the Federal Employment Agency's job board."""
