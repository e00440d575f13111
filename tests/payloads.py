"""Builders for the two Divar webhook formats, with realistic defaults."""

from __future__ import annotations

from typing import Any


def legacy(text: str, *, message_id: str = "msg-1", seller: bool = False, post: str = "gZd7omnS",
           buyer_id: str = "buyer-1", seller_id: str = "seller-1", msg_type: str = "TEXT") -> dict[str, Any]:
    """The seed's CHAT_MESSAGE payload; ``seller=True`` makes the seller the sender."""
    buyer = {"id": buyer_id, "is_supply": False}
    owner = {"id": seller_id, "is_supply": True}
    return {
        "type": "CHAT_MESSAGE",
        "timestamp": "2026-11-25T10:00:01Z",
        "payload": {
            "id": message_id,
            "type": msg_type,
            "data": {"text": text},
            "sender": owner if seller else buyer,
            "receiver": buyer if seller else owner,
            "metadata": {"post_token": post, "category": "mobile-phones", "title": "گوشی سامسونگ A54 تمیز"},
            "sent_at": "2026-11-25T10:00:00Z",
        },
    }


def new_message(text: str, *, message_id: str = "e7a08a2c-1", seller: bool = False, post: str = "gZd7omnS",
                conversation: str = "edbb9499-1", msg_type: str = "TEXT") -> dict[str, Any]:
    """The events API's NEW_MESSAGE payload."""
    return {
        "type": "NEW_MESSAGE",
        "metadata": {},
        "new_message": {
            "id": message_id,
            "type": msg_type,
            "text": text,
            "sent_at": 1764064800000000,
            "conversation": {"id": conversation, "type": "POST", "post_token": post},
            "sender": {"side": "SELLER" if seller else "BUYER", "type": "HUMAN"},
        },
    }
