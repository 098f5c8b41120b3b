"""``python -m normalize`` runs the command line."""

from normalize.cli import main

raise SystemExit(main())
