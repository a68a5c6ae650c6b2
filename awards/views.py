"""Views: see templates/awards/."""
