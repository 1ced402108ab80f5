"""What every long-lived process of the app does once it has started (web and Celery workers)."""


def process_warm_up() -> None:
    """Load every view, then keep all that is loaded out of the garbage collector's full passes.

    A full pass walks every object of the process: with the app loaded, about 160,000, which took
    80–140 ms now and then in the middle of a request at national scale (bench/dashboard_province.py,
    measured with gc.callbacks); frozen, 7–10 ms. A reminder batch resolves URLs too, so a Celery
    worker would otherwise load the URLconf in the middle of its first batch.
    """
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view it names)
    gc.freeze()
