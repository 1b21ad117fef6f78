"""Project-wide test configuration."""

import os

from hypothesis import settings

# No per-example time limit (the machines are shared: timing is not what property tests check);
# in CI the examples are derandomized so that a run is reproducible.
settings.register_profile("fazhi", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("fazhi")
