"""Long services that work in chunks stop between two chunks when asked (e.g. on SIGTERM)."""


class Stopped(Exception):
    """A service was asked to stop between two chunks; ``args[0]`` is what it had done so far
    (everything written up to then stays written, and running it again finishes the work)."""
