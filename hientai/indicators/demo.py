"""Demo data of the indicators app (filled in by the indicators work)."""


def load_demo_indicators() -> str:
    """Load the demo indicator catalogue, targets and past reported values (idempotent);
    returns a one-line summary for `hientai demo`, or "" when nothing was loaded."""
    return ""
