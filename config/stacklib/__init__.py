"""The parts of config/stack.py (the set-up of `make`): base, postgres, smsd, settings."""
