"""`python -m bot` runs the `switchboard` command line."""
from bot.cli import main

raise SystemExit(main())
