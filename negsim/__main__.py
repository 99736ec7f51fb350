"""``python -m negsim`` runs the command line."""

import sys

from negsim.cli import main

sys.exit(main())
