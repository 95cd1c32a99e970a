"""The pages and forms of the registry: organisations, people, concertations, seats and memberships.

They sit above `access` so that every page can ask `arrimage.access.policy` what the visitor may see and do.
"""
