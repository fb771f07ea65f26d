"""Demo data of the reporting app (filled in by the reporting work)."""


def load_demo_reporting() -> str:
    """Load the demo datasets, assignments and past submissions (idempotent); returns a
    one-line summary for `hientai demo`, or "" when nothing was loaded."""
    return ""
