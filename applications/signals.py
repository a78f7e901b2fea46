"""What applying tells the apps above it, which this app does not know: `application_sent` is sent, inside the
service's transaction, when a resident sends an application here or says they applied on the partner's own site
or by email (`application`, the Application). Receivers that write (the advisors' notifications) take part in
that transaction, so both are kept or neither is."""

from django.dispatch import Signal

application_sent = Signal()
