"""Official responses (återkoppling), goal status and official replies."""
