"""The one audit trail: services call `log_action` once per change they make; refused write attempts go to
`log_refusal` (action "refused").

Services are not handed the request: `tuachua.middleware.AuditContextMiddleware` binds the request's client
address and user to a context variable for the time of the request, and `log_action` takes the address from
there when it is not given. Management commands and shells have no request: their entries have no address.
"""

import contextvars
import datetime
import ipaddress
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile

from tuachua.client import client_ip as request_client_ip
from tuachua.models import AuditEntry

logger = logging.getLogger(__name__)

REFUSED = "refused"
HIDDEN = "***"  # stands for a secret value (a password) that changed
MAX_TEXT = 500  # longer texts are cut in the recorded values


@dataclass
class RequestContext:
    """What the audit trail knows of the request being served."""

    client_ip: str | None
    user: object = None
    refusals: list[str] = field(default_factory=list)  # reasons noted by `note_refusal` during the request


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("tuachua_audit", default=None)


def valid_ip(value) -> str | None:
    """The address in its canonical form, or None when `value` is not an IP address."""
    try:
        return str(ipaddress.ip_address(str(value or "").strip()))
    except ValueError:
        return None


def request_address(request) -> str | None:
    """The client address of a request (behind nginx: the forwarded one, see tuachua.client)."""
    return valid_ip(request_client_ip(request))


def bind_request(request) -> contextvars.Token:
    """Make the request's address and user the audit context until `unbind_request(token)`."""
    return _current.set(RequestContext(client_ip=request_address(request), user=getattr(request, "user", None)))


def unbind_request(token: contextvars.Token) -> None:
    _current.reset(token)


def current_request() -> RequestContext | None:
    """The audit context of the request being served, or None (commands, shells, tests calling services)."""
    return _current.get()


def _address(client_ip: str | None) -> str | None:
    if client_ip:
        return valid_ip(client_ip)
    context = _current.get()
    return context.client_ip if context is not None else None


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def plain(value):
    """`value` as readable JSON: related objects by their text, dates in ISO form, long texts cut."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return [plain(item) for item in value]
    return plain(str(value))  # model instances, Decimal, anything else: its text


def log_action(*, actor, action: str, obj, client_ip: str | None = None, **data) -> AuditEntry:
    """Record that `actor` did `action` to `obj`; `data` holds what changed (JSON-serialisable). The client
    address is the current request's unless given."""
    return AuditEntry.objects.create(
        actor=_user_or_none(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        client_ip=_address(client_ip),
        data=data,
    )


def note_refusal(*, user, reason: str = "") -> None:
    """A write was refused to `user` for permission reasons. During a request the middleware records it once
    the response is known (a transaction rolled back by the refusal cannot take the record with it); outside
    a request it is recorded at once."""
    context = _current.get()
    if context is not None:
        context.refusals.append(reason)
    else:
        log_refusal(actor=user, reason=reason)


def log_refusal(
    *, actor, reason: str = "", path: str = "", method: str = "", client_ip: str | None = None, **data
) -> AuditEntry | None:
    """Record a refused write attempt. Never raises: a failure to record is logged and the refusal stands."""
    try:
        with transaction.atomic():
            return AuditEntry.objects.create(
                actor=_user_or_none(actor),
                action=REFUSED,
                object_type="",
                object_id="",
                object_repr=path[:255],
                client_ip=_address(client_ip),
                data={"path": plain(path), "method": method, "reason": plain(reason), **data},
            )
    except Exception:  # noqa: BLE001 — recording must never turn a refusal into a server error
        logger.exception("Could not record a refused write attempt to %s", path)
        return None


def history_of(obj, *, limit: int = 50):
    """The latest audit entries of one object, newest first, with their actors."""
    return (
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
