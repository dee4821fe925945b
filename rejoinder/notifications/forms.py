"""The reader's forms for notifications: they check the shape of the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rejoinder.notifications.models import Frequency, Scope


class BellForm(forms.Form):
    """Follow an article without commenting. Guests give the address to write to."""

    # The longest address SMTP carries, and the column's length, which SQLite would not enforce.
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    scope = forms.ChoiceField(choices=Scope.choices, initial=Scope.ALL, widget=forms.HiddenInput)

    def __init__(self, *args, guest: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if guest:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = _(
                "Give the e-mail address to notify."
            )
        else:
            del self.fields["email"]


class ManageForm(forms.Form):
    """One change on the subscriptions page; which one is named by `action`."""

    action = forms.ChoiceField(
        choices=[
            ("unsubscribe", "unsubscribe"),
            ("unsubscribe_all", "unsubscribe_all"),
            ("change", "change"),
            ("author_notices", "author_notices"),
            ("replies_feed", "replies_feed"),
        ]
    )
    subscription = forms.CharField(required=False, max_length=32)
    scope = forms.ChoiceField(choices=Scope.choices, required=False)
    frequency = forms.ChoiceField(choices=Frequency.choices, required=False)
    enabled = forms.BooleanField(required=False)
