"""`python -m handbook …`: see cli/commands.py."""

import sys

from handbook.cli.commands import main

sys.exit(main())
