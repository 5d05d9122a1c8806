"""Community reporters' stories (brief §6): written by trained residents, moderated by staff,
published on the process site and in its feed."""
