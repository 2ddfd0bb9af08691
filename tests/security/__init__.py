"""Security tests of issue 17 (a package: its module names repeat those of tests/unit)."""
