"""The shape of the test suite itself."""

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def _imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _is_test_or_conftest(module: str) -> bool:
    if not module.startswith("tests."):
        return False
    last = module.split(".")[-1]
    return last.startswith("test_") or last == "conftest"


def test_no_test_module_imports_another_test_module_or_a_conftest():
    """What tests share lives in tests/support/; importing a test module runs its collection twice
    and couples one file's fixtures to another's."""
    offenders = []
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for module in _imported_modules(tree):
            if _is_test_or_conftest(module):
                offenders.append(f"{path.relative_to(TESTS.parent)} imports {module}")
    assert not offenders, "Move what they share into tests/support/:\n" + "\n".join(sorted(set(offenders)))
