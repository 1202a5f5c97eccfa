"""A real OpenID Connect provider for the tests: django-oauth-toolkit in a small Django project.

Started in its own process by ``tests.oidc_provider.fixture`` (never part of Playbook); see serve.py.
"""
