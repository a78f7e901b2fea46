"""Every write of the advisors app, one module a part: `booking` (appointments), `availability` (an advisor's
hours and time off, attendance), `referrals` (referrals, triage, the caseload) and `cases` (everything on a case
page)."""
