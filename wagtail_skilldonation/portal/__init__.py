"""The public portal around the pages: mission filters, the context every public
non-page view shares, and the editors' screens for skills, volunteers and organisations."""
