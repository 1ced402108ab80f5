from .models import Notification


def unread_notifications(request):
    """The unread count for the bell, read lazily so pages that do not show it pay nothing."""
    if not request.user.is_authenticated:
        return {}
    user = request.user
    return {"unread_notification_count": lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()}
