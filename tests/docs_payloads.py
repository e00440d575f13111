"""Every webhook body Divar's documents have shown, past and present, as test fixtures.

Each is copied from divar-ir/kenar-docs at the commit named (``git show <commit>:<file>``);
where the document shows placeholders (``""``, ``bool``) the values are filled in and the
shape is kept.  POST_UPDATE and USER_ACCESS_REVOCATION have no example in the documents,
only field tables (``docs/events/post.md``, ``docs/events/auth.md``, wrapped as
``docs/events/ReadMe.md``'s event table says); they are built from those tables.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

CONVERSATION = {"id": "edbb9499-cccc-4d35-b21f-621fa95f2b3e", "type": "POST", "post_token": "gZd7omnS"}


@dataclass(frozen=True)
class DocExample:
    name: str
    source: str  # kenar-docs file at that commit
    commit: str
    body: dict[str, Any]
    role: str | None  # buyer | seller for a message; None for another event
    text: str = ""

    def fresh(self) -> dict[str, Any]:
        return copy.deepcopy(self.body)


def _legacy(parties: tuple[str, str]) -> dict[str, Any]:
    sender, receiver = parties
    return {
        "payload": {
            "data": {"text": "سلام، قیمتش چنده؟"},
            sender: {"id": "buyer-1", "is_supply": False},
            "id": f"legacy-{sender}",
            "metadata": {"category": "mobile-phones", "post_token": "gZd7omnS", "title": "گوشی"},
            "sent_at": "2024-01-01T10:00:00Z",
            receiver: {"id": "seller-1", "is_supply": True},
            "type": "TEXT",
        },
        "timestamp": "2024-01-01T10:00:01Z",
        "type": "CHAT_MESSAGE",
    }


def _event(message: dict[str, Any], meta_key: str | None = "metadata", meta: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "NEW_MESSAGE", "new_message": {"conversation": dict(CONVERSATION), **message}}
    if meta_key:
        body[meta_key] = meta if meta is not None else {"key": "value"}
    return body


_FIRST = {"id": "e7a08a2c-8ee4-11ef-af85-4e9e9bfa3c12", "type": "TEXT", "sent_at": 1729429926140000}


def _chat(msg_id: str, side: str, kind: str, sent_at: int, **data: Any) -> dict[str, Any]:
    """A message of docs/events/chat.md (its examples are bare ChatMessage objects)."""
    return _event({"id": msg_id, "sender": {"side": side, "type": "USER"}, "type": kind, "sent_at": sent_at, **data}, None)


DOC_EXAMPLES = [
    DocExample("legacy from/to", "chat/read_messages.md", "41a82bcb32ab42751dbbcef07da9fd1dc7792084",
               _legacy(("from", "to")), "buyer", "سلام، قیمتش چنده؟"),
    DocExample("legacy sender/receiver", "chat/read_messages.md", "3b72fcf865646cc5f875a54fe63b2195885125f0",
               _legacy(("sender", "receiver")), "buyer", "سلام، قیمتش چنده؟"),
    DocExample("events: sender type SELLER, no side, no text, no metadata", "events/ReadMe.md",
               "f78655b26ee74910441a437f7449997d469943ae", _event({**_FIRST, "sender": {"type": "SELLER"}}, None), "seller"),
    DocExample("events: meta_data, sender type SELLER", "migrations/002_send_message_v2+events.md",
               "46051b0a30601e07fafa67a94e323af63366e177",
               _event({**_FIRST, "sender": {"type": "SELLER"}}, "meta_data", {"your_key": "your_value"}), "seller"),
    DocExample("events: metadata, sender type SELLER", "events/ReadMe.md", "f4a1db25388c54185c0c8070852a4f9f42891365",
               _event({**_FIRST, "sender": {"type": "SELLER"}}), "seller"),
    DocExample("events: side SELLER type BOT, no text", "events/ReadMe.md", "121d87b47a0319d3e4d5b25c770888be52220742",
               _event({**_FIRST, "sender": {"side": "SELLER", "type": "BOT"}}), "seller"),
    DocExample("events: meta_data, side SELLER type HUMAN, no text", "migrations/002_send_message_v2+events.md",
               "121d87b47a0319d3e4d5b25c770888be52220742",
               _event({**_FIRST, "sender": {"side": "SELLER", "type": "HUMAN"}}, "meta_data", {"your_key": "your_value"}), "seller"),
    DocExample("events: with text", "events/ReadMe.md", "bee746562782514068684bd325617fc67d1ec5b8",
               _event({**_FIRST, "sender": {"side": "SELLER", "type": "BOT"}, "text": "Hello!"}), "seller", "Hello!"),
    DocExample("chat: TEXT", "events/chat.md", "ceb4b43f5d99bc431fc6b3a67bef83f085b04759",
               _event({**_FIRST, "sender": {"side": "SELLER", "type": "BOT"}, "text": "hello world"}, None), "seller", "hello world"),
    DocExample("chat: IMAGE, sender type USER", "events/chat.md", "ceb4b43f5d99bc431fc6b3a67bef83f085b04759",
               _chat("f1b2c3d4-9abc-11ef-bb22-5f6e7d8a9b0c", "BUYER", "IMAGE", 1729430126140000, image_data={
                   "link": "https://example.com/images/image1.jpg", "size_bytes": 204800, "height_px": 1080, "width_px": 1920}),
               "buyer"),
    DocExample("chat: FILE", "events/chat.md", "ceb4b43f5d99bc431fc6b3a67bef83f085b04759",
               _chat("aabbccdd-1234-5678-90ab-1c2d3e4f5g6h", "SELLER", "FILE", 1729430226140000, file_data={
                   "link": "https://example.com/files/document.pdf", "name": "document.pdf", "size_bytes": 1048576}),
               "seller"),
    DocExample("chat: VOICE", "events/chat.md", "ceb4b43f5d99bc431fc6b3a67bef83f085b04759",
               _chat("12345678-abcd-ef01-2345-6789abcdef01", "BUYER", "VOICE", 1729430326140000, voice_data={
                   "link": "https://example.com/voice/message.ogg", "size_bytes": 512000}), "buyer"),
    DocExample("chat: LOCATION", "events/chat.md", "ceb4b43f5d99bc431fc6b3a67bef83f085b04759",
               _chat("abcdef12-3456-7890-abcd-ef1234567890", "SELLER", "LOCATION", 1729430426140000,
                     location_data={"latitude": 35.6892, "longitude": 51.3890}), "seller"),
    DocExample("chat: VIDEO", "events/chat.md", "ceb4b43f5d99bc431fc6b3a67bef83f085b04759",
               _chat("0a1b2c3d-4e5f-6789-abcd-ef0123456789", "BUYER", "VIDEO", 1729430526140000, video_data={
                   "link": "https://example.com/videos/video.mp4", "thumbnail_link": "https://example.com/videos/thumbnail.jpg",
                   "size_bytes": 20971520}), "buyer"),
    DocExample("chat: CONTACT", "docs/events/chat.md", "d6dc512779813a5742ac1a9b8adaf7333073c5b5",
               _chat("3edd6da4-d6df-4716-94e1-5836b7a8788b", "SELLER", "CONTACT", 1729430626140000,
                     contact_data={"name": "Sample Name", "phone": "+989123456789"}), "seller"),
    DocExample("POST_UPDATE RETIRE (token only)", "docs/events/post.md", "72507cd06705f042e53709c085e5e208e353ca16",
               {"type": "POST_UPDATE", "post_update": {"type": "RETIRE", "post": {"token": "gZd7omnS"}}}, None),
    DocExample("POST_UPDATE PUBLISH", "docs/events/post.md", "72507cd06705f042e53709c085e5e208e353ca16",
               {"type": "POST_UPDATE", "post_update": {"type": "PUBLISH", "post": {
                   "token": "gZd7omnS", "category": "mobile-phones", "city": "tehran", "district": "nazi-abad",
                   "chat_enabled": True, "data": {"title": "سامسونگ Galaxy J2", "price": {"mode": "مقطوع", "value": 1100000}}}}},
               None),
    DocExample("NEW_CHATBOT_MESSAGE (the app's own chatbot: recorded, not answered)", "docs/chat/chatbot_conversations.md",
               "3ae720b4754ad113614789a13c1d513042b3c6be",
               {"type": "NEW_CHATBOT_MESSAGE", "new_chatbot_message": {
                   "text": "hello world", "id": "b-1", "conversation": {"id": "bot-conv-1", "type": "BOT"},
                   "sender": {"type": "HUMAN"}, "type": "TEXT", "sent_at": 1729429926140000}}, None),
    DocExample("PAYMENT_TRANSACTION", "docs/events/payment.md", "c7dddd192078372dbe180d20972fed45527ae236",
               {"type": "PAYMENT_TRANSACTION", "payment_transaction": {
                   "id": "550e8400-e29b-41d4-a716-446655440000", "cost_rials": 100000, "extra_details": "توکن آگهی بازنشر: ABC123",
                   "state": "TRANSACTION_STATE_COMPLETED", "type": "TRANSACTION_TYPE_REORDER"}, "metadata": {"key": "value"}}, None),
    DocExample("USER_ACCESS_REVOCATION", "events/auth.md", "e6604cb74fe55a1e4e94b3ae8fa49516c5886054",
               {"type": "USER_ACCESS_REVOCATION", "user_access_revocation": {"user_id": "seller-1"}}, None),
]
