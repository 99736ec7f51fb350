"""Stage 8: the command line.

Parses arguments and calls the library; every command prints its result or one
error line and exits 0, or 2 on an error a user can cause. :func:`main` is the
``negsim`` entry point.
"""

from negsim.cli.commands import main

__all__ = ["main"]
