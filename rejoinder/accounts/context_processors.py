from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from rejoinder.accounts.profiles import shown_name


def member(request: HttpRequest) -> dict:
    """`member_name`: the signed-in reader's name as their comments show it (read only when
    a template asks, so pages that don't pay nothing)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"member_name": SimpleLazyObject(lambda: shown_name(user))}
