from django import forms
from django.utils.translation import gettext_lazy as _

from rejoinder.embed.models import Site
from rejoinder.interop.formats import READERS, WRITERS

FORMAT_CHOICES = [("auto", _("Recognise it from the content")), *[(n, n) for n in READERS]]


def _site_field(*, label: str, empty_label: str, help_text: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Site.objects.order_by("name"),
        to_field_name="key",
        required=False,
        empty_label=empty_label,
        help_text=help_text,
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Export file"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")
    site = _site_field(
        label=_("Embedding site"),
        empty_label=_("None: only discussions of articles"),
        help_text=_(
            "Discussions whose address finds no article go to this site's page for the address."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: read and check everything, save nothing"), required=False
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[(n, n) for n in WRITERS])
    site = _site_field(
        label=_("Discussions of"),
        empty_label=_("Everything: articles and every embedding site's pages"),
        help_text=_("Or only the pages of one embedding site."),
    )
    since = forms.DateField(
        label=_("Only what changed on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Comments written, edited or moderated since, in the threads that have one."),
    )
