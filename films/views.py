"""Views: see templates/films/."""
