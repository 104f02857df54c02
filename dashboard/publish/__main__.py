import sys

from dashboard.publish.cli import main

sys.exit(main())
