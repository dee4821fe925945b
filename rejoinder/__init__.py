"""Rejoinder: a self-hosted publishing and reader-discussion platform."""
