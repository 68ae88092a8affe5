"""The ``redline`` command line: one module per command group."""
