"""Plain-text renderings (Markdown) of sitreps, boards and postmortems for files and terminals."""
