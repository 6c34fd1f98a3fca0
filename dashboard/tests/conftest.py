# The cases the leadership's reports are tested with serve the dashboard's too.
from leadership.tests.conftest import make_case  # noqa: F401
