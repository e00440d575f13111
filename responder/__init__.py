"""responder: answers buyers' common questions on Divar chat, in the seller's name."""

__version__ = "0.1.0"
