"""The parts of config/stack.py (the set-up of `make`): base, install, postgres, smsd,
settings."""
