"""The blocks an article body is written in."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    # The headline is the page's only h1, so body headings start at h2.
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "publishing/blocks/heading.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "publishing/blocks/figure.html"


class SourceQuoteBlock(blocks.StructBlock):
    """A passage quoted from a source (a wire service, a report), with its attribution."""

    text = blocks.TextBlock()
    source_name = blocks.CharBlock(max_length=120, help_text=_("e.g. the news agency"))
    source_url = blocks.URLBlock(required=False, help_text=_("Link to the original"))

    class Meta:
        icon = "openquote"
        template = "publishing/blocks/source_quote.html"


PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class QuestionBlock(blocks.StructBlock):
    """A paragraph on which the editors ask readers a question; readers' answers are
    comments on this passage (rejoinder.inline shows the invitation)."""

    text = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    question = blocks.CharBlock(max_length=200, help_text=_("e.g. Do you agree with this figure?"))

    class Meta:
        icon = "help"
        label = _("Paragraph with a question to readers")
        template = "publishing/blocks/question.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, template="publishing/blocks/paragraph.html"
    )
    heading = HeadingBlock()
    figure = FigureBlock()
    quote = SourceQuoteBlock()
    question = QuestionBlock()
