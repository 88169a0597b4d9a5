"""Spreadsheet import of mentees, employers and vacancies."""
