"""Content administration: officials keep the catalogue current through forms and uploads.

Every form is checked by the importer's own rules (`checks.py` runs `find_problems` on
the municipality as it would be after the change), so a form never accepts what an import
file would be refused for, and the reverse.
"""
