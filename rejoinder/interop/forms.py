from django import forms
from django.utils.translation import gettext_lazy as _

from rejoinder.interop.formats import READERS, WRITERS

FORMAT_CHOICES = [("auto", _("Recognise it from the content")), *[(n, n) for n in READERS]]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Export file"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")
    dry_run = forms.BooleanField(
        label=_("Dry run: read and check everything, save nothing"), required=False
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[(n, n) for n in WRITERS])
    since = forms.DateField(
        label=_("Only comments written on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
