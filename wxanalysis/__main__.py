"""``python -m wxanalysis``: see ``wxanalysis.cli``."""

import sys

from .cli import main

sys.exit(main())
