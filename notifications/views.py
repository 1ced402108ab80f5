from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .models import Notification
from .services import notification_mark_read


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)[:100]
    return render(request, "notifications/list.html", {"notifications": notifications})


@require_POST
@login_required
def notification_read_all(request):
    notification_mark_read(recipient=request.user)
    return redirect("notifications:list")
