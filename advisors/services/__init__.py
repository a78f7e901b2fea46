"""Every write of the advisors app, one module a part: `booking` (appointments), `availability` (an advisor's
profile, hours and time off, attendance, the morning to-do), `referrals` (referrals and triage), `cases` (a case's
summary, assessment, plan, notes and what the resident shares) and `casework` (shared listings, support given,
outcomes and check-ins, and telling advisors of their residents' applications)."""
