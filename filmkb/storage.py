"""Static files with hashed names, compressed copies and far-future caching.

WhiteNoise's ``CompressedManifestStaticFilesStorage``: ``collectstatic`` writes
``app.<hash>.css`` with ``.gz`` and ``.br`` copies, templates' ``{% static %}``
links to the hashed name, and WhiteNoise serves hashed names with a cache lifetime
of ten years (``immutable``): a changed file gets a new name.

Until ``collectstatic`` has run (a fresh clone's tests, ``runserver``) there is no
manifest; a name missing from it is linked unhashed instead of failing the page,
and served by WhiteNoise from the apps' folders in development.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:  # not collected yet: no file to hash
            if content is not None:  # collectstatic itself: a real error
                raise
            return name
