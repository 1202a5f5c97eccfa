"""Static files reach a browser small and once: the vendored Plotly is the partial bundle that draws our
charts, every file a template names exists, and with the production storage the bundle is served
gzipped under a hashed name that browsers keep for a year."""

import gzip
import re
from pathlib import Path

import plotly
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

ROOT = Path(settings.BASE_DIR)
BUNDLE = ROOT / "static" / "vendor" / "plotly.min.js"
# Measured: plotly.js-basic-dist-min 4.1.1 is 1,191,749 bytes, 394,845 gzipped (the full bundle the
# plotly package ships: 4.8 MB, 1.47 MB gzipped). The budget leaves room for a point release, not for
# a switch back to a bigger bundle.
GZIP_BUDGET = 420_000
ONE_YEAR = 365 * 24 * 3600
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")


def max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


def banner_version(path: Path) -> str:
    head = path.read_text(encoding="utf-8", errors="replace")[:300]
    return re.search(r"plotly\.js[^\n]*?v(\d+\.\d+\.\d+)", head).group(1)


def test_the_vendored_plotly_is_the_basic_partial_bundle():
    head = BUNDLE.read_text(encoding="utf-8")[:200]
    assert "plotly.js (basic - minified)" in head


def test_the_vendored_plotly_names_no_server_of_plotly_to_load_from():
    # Its defaults named the map outlines' CDN and Chart Studio; scripts/vendor_plotly.sh rewrites both.
    code = BUNDLE.read_text(encoding="utf-8")
    assert 'dflt:"https://' not in code and 'dflt:"http://' not in code
    assert 'plotlyServerURL:{valType:"string",dflt:""}' in code
    assert 'topojsonURL:{valType:"string",noBlank:!0,dflt:"/static/vendor/topojson/"}' in code


def test_the_vendored_plotly_is_the_version_plotly_py_builds_figures_for():
    shipped = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    assert banner_version(BUNDLE) == banner_version(shipped), (
        "run scripts/vendor_plotly.sh with the new version"
    )


def test_the_vendored_plotly_gzipped_is_within_its_budget():
    assert len(gzip.compress(BUNDLE.read_bytes(), compresslevel=9)) < GZIP_BUDGET


def test_every_static_file_a_template_names_exists():
    named = {
        name
        for template in (ROOT / "templates").rglob("*.html")
        for name in STATIC_TAG.findall(template.read_text(encoding="utf-8"))
    }
    assert "vendor/plotly.min.js" in named
    missing = sorted(name for name in named if finders.find(name) is None)
    assert missing == []


def test_plotly_comes_from_our_static_folder_not_the_plotly_package():
    assert Path(finders.find("vendor/plotly.min.js")).resolve() == BUNDLE.resolve()


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """What `collectstatic` leaves for the production storage (as the Docker image and `make run` do)."""
    root = tmp_path_factory.mktemp("static")
    production = {
        "STATIC_ROOT": root,
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
    }
    with override_settings(**production):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_the_bundle_has_a_hashed_name(collected):
    url = static("vendor/plotly.min.js")
    assert re.search(r"/vendor/plotly\.min\.[0-9a-f]{12}\.js$", url)


def test_the_hashed_bundle_is_served_gzipped_and_kept_for_a_year(collected):
    response = Client().get(static("vendor/plotly.min.js"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert max_age(response) >= ONE_YEAR and "immutable" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert len(body) < GZIP_BUDGET
    assert gzip.decompress(body) == BUNDLE.read_bytes()


def test_a_browser_that_takes_no_gzip_gets_the_plain_bundle(collected):
    response = Client().get(static("vendor/plotly.min.js"))
    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == BUNDLE.read_bytes()


def test_our_own_scripts_and_styles_are_served_gzipped_and_kept_for_a_year(collected):
    for name in ("js/charts.js", "css/playbook.css"):
        response = Client().get(static(name), HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip", name
        assert max_age(response) >= ONE_YEAR and "immutable" in response["Cache-Control"], name
