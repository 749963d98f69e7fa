"""`python -m xsif`: the `xsif` command."""

import sys

from xsif.entry import main

sys.exit(main())
