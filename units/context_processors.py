from .permissions import actor_for


def roles(request):
    """Expose the signed-in user's district roles to every template as ``actor``."""
    return {"actor": actor_for(request.user)}
