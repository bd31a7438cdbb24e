"""Search is read on the reading site: its readers are the reading site's."""

from tests.reading.conftest import staff  # noqa: F401
