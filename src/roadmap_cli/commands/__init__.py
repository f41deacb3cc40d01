"""The commands, one module per group; importing them registers them on the app.

Like `cli`, these modules keep their annotations as objects (no `from __future__ import
annotations`): Typer reads the signature of the command being run at every start, and would
have to evaluate string annotations, twice per parameter.
"""
