"""The advisors' pages, one module a part: `booking` (residents book, move and cancel at /appointments/),
`workspace` (the advisor's home, diary and availability at /advisors/), `referrals` (referring oneself or
someone else, the triage queue, the caseload) and `cases` (a resident's case page, and what the resident
sees of their support at /account/support/). Each module has its own `urlpatterns`; advisors/urls.py puts
them together."""
