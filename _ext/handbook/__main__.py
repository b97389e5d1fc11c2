"""`python -m handbook …`: see cli.py."""

import sys

from handbook.cli import main

sys.exit(main())
