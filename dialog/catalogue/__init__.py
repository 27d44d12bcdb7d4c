"""Municipalities, plans, focus areas, goals and committees: what residents discuss."""
