"""Each app's permission rows, as plain data in the one format of tests/support/permission_tables.py.

tests/<app>/test_permission_table.py runs an app's rows; tests/test_every_route_has_a_permission_row.py
reads all of them to find named routes without a row.
"""
