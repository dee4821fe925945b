"""The accounts pages' forms: they check the shape of the input; actions check the rules."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from rejoinder.accounts.errors import AvatarRefused
from rejoinder.accounts.profiles import clean_avatar
from rejoinder.discussion.actions import MAX_NAME_LENGTH


class SignupExtraForm(forms.Form):
    """What allauth's sign-up form asks beyond address and password
    (settings.ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Name shown with your comments"), max_length=MAX_NAME_LENGTH
    )

    def signup(self, request, user) -> None:
        from rejoinder.accounts.models import Profile

        Profile.objects.update_or_create(
            user=user, defaults={"display_name": self.cleaned_data["display_name"].strip()}
        )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name shown with your comments"), max_length=MAX_NAME_LENGTH
    )
    bio = forms.CharField(
        label=_("Short bio"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=300,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    is_public = forms.BooleanField(
        label=_("Link my name beside my comments to a public profile page"), required=False
    )
    avatar = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_(
            "PNG, JPEG, GIF or WebP. We crop it square and remove everything but the picture."
        ),
    )
    use_identicon = forms.BooleanField(
        label=_("Use the drawn pattern instead of a picture"), required=False
    )

    def clean_avatar(self) -> bytes | None:
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        try:
            return clean_avatar(upload)
        except AvatarRefused as refusal:
            raise forms.ValidationError(str(refusal.message)) from refusal


class DeleteAccountForm(forms.Form):
    comments = forms.ChoiceField(
        label=_("Your comments"),
        widget=forms.RadioSelect,
        choices=[
            ("erase", _("Erase their text too (replies stay under a “deleted” placeholder)")),
            ("keep", _("Keep their text, shown as written by “Deleted account”")),
        ],
        error_messages={"required": _("Choose what happens to your comments.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        error_messages={
            "required": _("Tick the box to confirm that you want to delete your account.")
        },
    )


class GuestLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("The e-mail address you commented with"),
        error_messages={"required": _("Give the e-mail address you commented with.")},
    )


class GuestEraseForm(forms.Form):
    """Erase one comment (its id) or, with no id, all of them."""

    comment = forms.IntegerField(required=False, min_value=1)
