"""System checks of tuachua run by `manage.py check --deploy`."""

from django.core.checks import Error, Tags, register

from tuachua import health


@register(Tags.staticfiles, deploy=True)
def static_manifest_check(app_configs, **kwargs):
    """Production settings render every page through the static manifest: without it every page is a 500."""
    if not health.uses_manifest() or health.manifest_path().is_file():
        return []
    return [
        Error(
            f"The static files manifest {health.manifest_path()} does not exist: every page would fail.",
            hint="Run `python manage.py collectstatic --no-input` with the production settings (STATIC_ROOT).",
            id="tuachua.E001",
        )
    ]
