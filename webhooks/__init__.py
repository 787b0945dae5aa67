"""Webhooks: programs told, by a signed HTTP POST, what happened to a public
claim (README "Webhooks")."""
