from django import forms


class ModerationForm(forms.Form):
    """Council staff's decision on a listing waiting for review."""

    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label="What do you want to do with this listing?",
        choices=[
            (APPROVE, "Approve and publish it"),
            (REQUEST_CHANGES, "Send it back to the partner to change"),
            (REJECT, "Reject it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve, send back or reject this listing"},
    )
    message = forms.CharField(
        label="Message to the partner",
        help_text="Say what to change, or why it was rejected. The partner sees this message.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=2000,
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in (self.REQUEST_CHANGES, self.REJECT) and not cleaned.get("message", "").strip():
            what = (
                "what the partner needs to change" if decision == self.REQUEST_CHANGES else "why you are rejecting it"
            )
            self.add_error("message", f"Enter {what}")
        return cleaned
