"""Residents take part: comments, replies, ratings, reactions and reports on goals."""
