"""``python -m graphmap.cli`` runs the command line."""

from graphmap.cli import main

main()
