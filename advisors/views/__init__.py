"""The advisors' pages, one module a part: `booking` (residents book, move and cancel at /appointments/),
`workspace` (the advisor's today, diary and availability at /advisors/), `referrals` (referring oneself or
someone else, the triage queue, the caseload), `cases` (a case's summary, assessment, plan and notes, and what
the resident sees of their support at /account/support/) and `casework` (a case's shared listings,
applications, support given, outcomes and check-ins). Each module has its own `urlpatterns`; advisors/urls.py
puts them together; `decorators.advisor_only` starts every advisor-only page."""
