"""The command line (typer): parse, call the library, format. No logic of its own.

``arcticroute.cli.main:main`` is the console entry point.
"""
