"""The public JSON API, /api/v1/: its OpenAPI 3.1 schema at /api/v1/openapi.json and its
browsable docs at /api/v1/docs, served with the site's own copy of Swagger UI."""

import json

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.parser import Parser

from rejoinder.api import comments, errors, moderation, reports, subscriptions, threads, votes


class LimitedJsonParser(Parser):
    """JSON bodies no larger than the largest request of ours (a comment of the longest
    length, every character escaped, and the fields beside it), and text that is text: a
    lone surrogate ("\\ud800") parses in Python but no database can store it, so such a
    body is refused as malformed (400), like any other broken JSON."""

    def parse_body(self, request: HttpRequest):
        if len(request.body) > settings.COMMENT_MAX_LENGTH * 12 + 16 * 1024:
            raise errors.PayloadTooLarge()
        data = super().parse_body(request)
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError if not
        return data


DESCRIPTION = """\
Threads, comments, votes, reports, subscriptions and moderation of this site's discussions.

**Browsers** call with their cookies (the session, or the reader cookie a first comment or
vote sets) and send `X-CSRFToken` with every write (the value of the `csrftoken` cookie).
**Servers** call as a staff member with an API token made in the admin:
`Authorization: Bearer <token>`; no CSRF token is needed then.

Every refusal is JSON: `{"error": code, "message": text, "fields": {field: text}}`; a 429
says in `Retry-After` how many seconds to wait. Comments' `html` is sanitised, exactly as
the page shows it. No response ever carries an e-mail or network address.
"""


class RejoinderApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """The generated schema, with what every operation may answer: 401 (a bad token)
        and 422 (a malformed parameter), and the Retry-After header every 429 carries."""
        schema = super().get_openapi_schema(**kwargs)
        refusal = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                responses.setdefault(401, {"description": "Unauthorized", **refusal})
                responses.setdefault(422, {"description": "Unprocessable Content", **refusal})
                if limited := responses.get(429):
                    limited["headers"] = {
                        "Retry-After": {
                            "description": "Seconds to wait before trying again.",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    }
        return schema


api = RejoinderApi(
    title="Rejoinder API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    # The site's own copy of Swagger UI (django-ninja ships it); never a CDN, and no call to
    # swagger.io's online validator.
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": False}),
    parser=LimitedJsonParser(),
)
errors.install(api)
for module in (threads, comments, votes, reports, subscriptions, moderation):
    api.add_router("", module.router)


@csrf_exempt  # it changes nothing, whatever the method
def unknown_path(request: HttpRequest) -> JsonResponse:
    """No operation of the API answers here: a malformed id, a mistyped path."""
    message = _("The API has nothing at this address; see /api/v1/docs.")
    return JsonResponse({"error": "not_found", "message": message, "fields": {}}, status=404)
