"""Research exports (pseudonymous tables, codebook, manifest) and the privacy rules they follow.

``exporter.run_export`` writes an export; ``manifest.verify_export`` checks one; ``privacy`` holds the
pseudonyms and redaction; ``schema`` the columns the codebook describes; ``cli`` the Typer commands.
"""
