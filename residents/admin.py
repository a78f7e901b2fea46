"""Deliberately empty.

Equality monitoring answers are never shown to partners and, on the staff admin, only ever as
totals with small numbers hidden (the reports app will do that): registering `EqualityAnswers` on either admin
site would show one person's answers. Profiles need no admin yet; advisors will see them through their caseload.
"""
