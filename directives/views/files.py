"""Evidence files leave the server only here: after the access check, as downloads with safe names."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from units.permissions import actor_for

from ..permissions import evidence_get_for_actor

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "word": "application/octet-stream",
    "excel": "application/octet-stream",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


@login_required
def evidence_download(request, pk: int):
    evidence = evidence_get_for_actor(actor=actor_for(request.user), evidence_id=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    # as_attachment + filename: Django writes filename="…" and, for Vietnamese names, RFC 5987 filename*=utf-8''…
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=CONTENT_TYPES.get(evidence.kind)
    )
    response["Cache-Control"] = "private, no-store"
    return response
