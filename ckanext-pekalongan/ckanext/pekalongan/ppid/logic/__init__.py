"""Logic layer of the ppid plugin: actions, auth functions, schemas."""
