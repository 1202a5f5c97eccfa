"""Models arrive with this app's issue; the app is registered now so its migrations have a home."""
