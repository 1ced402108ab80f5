from .models import ProgressReport


def demo_data(request):
    """Tell every page whether illustrative (demo) reports exist, so the banner can say so."""
    if not request.user.is_authenticated:
        return {}
    return {"demo_data_present": lambda: ProgressReport.objects.filter(is_demo=True).exists()}
