"""The review web app (``inkaart serve``): analysts confirm, correct and publish what the engine proposes."""

from .app import create_app

__all__ = ["create_app"]
