"""Run the govsim command: ``python -m govsim``."""

from govsim.cli import main

raise SystemExit(main())
