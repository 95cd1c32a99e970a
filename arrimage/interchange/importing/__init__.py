"""Planning and carrying out the import of a table of organisations, people, members or concertations."""
