"""Small helpers shared by test modules."""

from django.urls import URLResolver, get_resolver


def named_views(resolver=None, prefix=""):
    """(name, view) of every named URL of the project, the admin's apart."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from named_views(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif pattern.name:
            yield f"{prefix}{pattern.name}", pattern.callback
