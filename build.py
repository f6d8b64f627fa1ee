#!/usr/bin/env python3
"""Build the site: `python build.py [build|check|serve] [--content DIR] [--output DIR] [--base-url URL]`."""
import sys

from sitegen.cli import program

if __name__ == "__main__":
    sys.exit(program())
