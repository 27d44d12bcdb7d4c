"""Statistics on the dialogue: counts, rating distributions, breakdowns, SVG charts, summaries."""
