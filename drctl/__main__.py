import sys

from drctl.cli import main

sys.exit(main())
