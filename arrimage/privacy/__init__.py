"""Personal information under Québec's Law 25: a person's data exported or erased on request.

Consents and the retention of contact details live with the people they concern (`arrimage.actors`);
this package gathers what the higher apps hold about a person (seats, plan accompaniments, import
records) to export it or erase it, so it sits above them.
"""
