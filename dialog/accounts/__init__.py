"""Residents' accounts: registration, sign-in, my page, privacy and notification settings."""
