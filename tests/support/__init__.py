"""Helpers the tests share: personas, clients, per-app builders and the permission-table format.

Test modules import from here, never from one another (tests/test_shape.py checks it).
"""
