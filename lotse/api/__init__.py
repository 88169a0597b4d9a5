"""The JSON API (django-ninja) with personal access tokens."""
