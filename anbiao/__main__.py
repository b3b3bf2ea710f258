"""`python -m anbiao`: the same as the `anbiao` command."""

import sys

from anbiao.cli import main

sys.exit(main())
