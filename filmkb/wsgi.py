"""WSGI entry point, used by gunicorn: Django behind the fast lane (filmkb/fastlane.py)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmkb.settings")

from django.core.wsgi import get_wsgi_application

from filmkb.fastlane import FastLane

application = FastLane(get_wsgi_application())
