"""The reader's forms: they check the shape of the input; the actions check the rules."""

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from rejoinder.discussion.screening import issue_form_token

EMAIL_MAX_LENGTH = 254


def limit_length(field: forms.CharField) -> None:
    # A validator, not max_length: browsers cut a pasted text at a textarea's maxlength
    # without a word, and the reader would lose the end of their comment.
    field.validators.append(
        MaxLengthValidator(
            settings.COMMENT_MAX_LENGTH,
            _("Comments are limited to %(limit_value)d characters; this one has %(show_value)d."),
        )
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Markdown: *emphasis*, **strong**, [links](https://…), > quotes, `code`, lists."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=80, required=False)
    # 254: the longest address SMTP carries, and the column's length (SQLite would not
    # enforce it, PostgreSQL would fail on it).
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Never shown to anyone."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=300,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    # Left empty by people; filled by bots that fill every field they find.
    homepage = forms.CharField(required=False, label=_("Leave this field empty"))
    # "Notify of": the notifications app subscribes the commenter after a successful post.
    notify = forms.ChoiceField(
        label=_("Notify of"),
        required=False,
        choices=[
            ("", _("Nothing")),
            ("replies", _("New replies to my comments")),
            ("all", _("All new follow-up comments on this article")),
        ],
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Inline feedback: the passage of the article this comment is about, and its text as
    # the reader saw it (rejoinder.inline checks both against the article).
    passage = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    quote = forms.CharField(required=False, max_length=5000, widget=forms.HiddenInput)
    submission_token = forms.CharField(required=False, max_length=128, widget=forms.HiddenInput)

    def __init__(self, *args, guest: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.guest = guest
        limit_length(self.fields["body"])
        self.fields["body"].error_messages["required"] = _("Write something before posting.")
        if guest:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _(
                "Give a name to show with your comment."
            )
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = _(
                "Give an e-mail address (it is never shown)."
            )
        else:
            for name in ("name", "email", "website"):
                del self.fields[name]
        if not self.is_bound:
            # Signed, with the time the form was drawn, which tells the spam score how long
            # the comment took to write (screening.client_hints).
            self.initial.setdefault("submission_token", issue_form_token())

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise forms.ValidationError(
                _("This looks automated; please leave the field “%(label)s” empty.")
                % {"label": self.fields["homepage"].label}
            )
        return cleaned


class EditForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_length(self.fields["body"])
