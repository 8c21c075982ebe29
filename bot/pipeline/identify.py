"""identify: decide which requester emails may open the current-customer layer (pure)."""

from __future__ import annotations

from connectors.base import Ticket

from bot.records import Identity


def identify(ticket: Ticket) -> Identity:
    """Verified emails come only from the help-desk record, never from message text or a model."""
    requester = ticket.requester
    all_emails = tuple(e.address for e in requester.emails)
    verified = tuple(dict.fromkeys(e.strip().lower() for e in requester.verified_emails if e.strip()))
    reason: str | None = None
    if ticket.spoof_flagged:
        # The help desk doubts the sender of this message: nothing verified holds for this ticket.
        verified, reason = (), "message may be spoofed (help desk flagged the sender)"
    elif requester.role != "end-user":
        verified, reason = (), "requester is not an end-user"
    elif not verified and requester.authenticated_by_store:
        verified = tuple(dict.fromkeys(a.strip().lower() for a in all_emails if a.strip()))
        if not verified:
            reason = "store-authenticated user has no email"
    elif not verified:
        reason = "no verified email identity" if all_emails else "requester has no email identity"
    return Identity(
        helpdesk_user_id=requester.id,
        name=requester.name,
        verified_emails=verified,
        all_emails=all_emails,
        verified=bool(verified),
        unverified_reason=reason,
        customer_tags=requester.tags,
    )
