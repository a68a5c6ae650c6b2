"""Views: see templates/people/."""
