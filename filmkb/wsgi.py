"""WSGI entry point, used by gunicorn: Django behind the fast lane (filmkb/fastlane.py)."""

import os

from django.core.wsgi import get_wsgi_application

from filmkb.fastlane import FastLane

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmkb.settings")

application = FastLane(get_wsgi_application())
