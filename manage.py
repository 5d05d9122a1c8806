#!/usr/bin/env python
"""Same as the `arki` command, for those used to manage.py."""

from arki.__main__ import main

if __name__ == "__main__":
    main()
