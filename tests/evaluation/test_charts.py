"""charts.py and the chart endpoint: valid PNG and SVG, the numbers drawn, access per role."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from samla.evaluation import charts
from tests.evaluation.results_data import rw_fixture  # noqa: F401

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LABELS = charts.Labels(scale="1 = i liten grad, 5 = i stor grad", hidden="skjult (færre enn 3)",
                       no_answers="ingen svar", percent="Andel (%)", number=lambda v: f"{v:.1f}".replace(".", ","))
BARS = [charts.Bar("2019", 2.5, 0.52, 12), charts.Bar("2020", 3.0, 0.6, 12), charts.Bar("2022", None, None, 2, True)]


def svg_root(content: bytes) -> ET.Element:
    root = ET.fromstring(content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def test_grouped_chart_png_and_svg():
    png = charts.grouped_chart(title="Figur 7", series=[("på tvers", BARS)], waves=["2019", "2020", "2022"],
                               labels=LABELS, fmt="png")
    assert png.startswith(PNG_SIGNATURE) and len(png) > 5000
    svg = charts.grouped_chart(title="Figur 7 & mer", series=[("på tvers", BARS)], waves=["2019", "2020", "2022"],
                               labels=LABELS, fmt="svg")
    root = svg_root(svg)
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Figur 7 & mer"  # accessible name


def test_item_and_distribution_charts():
    assert charts.item_chart(title="q1", bars=BARS, labels=LABELS, fmt="png").startswith(PNG_SIGNATURE)
    svg_root(charts.distribution_chart(title="q1", rows=[("2019", {1: 0, 2: 2, 3: 2, 4: 0, 5: 0}), ("2022", None)],
                                       labels=LABELS, fmt="svg"))


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        charts.item_chart(title="q1", bars=BARS, labels=LABELS, fmt="gif")


def test_charts_leave_global_matplotlib_state_alone():
    import matplotlib

    before = dict(matplotlib.rcParams)
    charts.item_chart(title="q1", bars=BARS, labels=LABELS, fmt="svg")
    assert dict(matplotlib.rcParams) == before
    assert "pyplot" not in open(charts.__file__, encoding="utf-8").read().replace("no pyplot", "")


@pytest.mark.parametrize("fmt,ctype", [("png", "image/png"), ("svg", "image/svg+xml")])
@pytest.mark.parametrize("who", ["evaluator", "directorate"])
def test_chart_endpoint(client, rw, who, fmt, ctype):
    client.force_login(rw.users[who])
    for kind in ("bars", "distribution"):
        response = client.get(reverse("evaluation:chart", args=["q1", fmt]), {"kind": kind})
        assert response.status_code == 200 and response["Content-Type"] == ctype
        if fmt == "png":
            assert response.content.startswith(PNG_SIGNATURE)
        else:
            svg_root(response.content)


def test_chart_download_and_unknowns(client, rw):
    client.force_login(rw.users["evaluator"])
    response = client.get(reverse("evaluation:chart", args=["q1", "png"]), {"download": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="q1-bars.png"'
    assert client.get(reverse("evaluation:chart", args=["nope", "png"])).status_code == 404
    assert client.get(reverse("evaluation:chart", args=["q1", "gif"])).status_code == 404
    assert client.get(reverse("evaluation:chart", args=["q1", "png"]), {"kind": "pie"}).status_code == 404


def test_chart_for_suppressed_group_draws_no_bar_for_the_directorate(client, rw):
    client.force_login(rw.users["directorate"])
    svg = client.get(reverse("evaluation:chart", args=["q2", "svg"])).content
    client.force_login(rw.users["evaluator"])
    full = client.get(reverse("evaluation:chart", args=["q2", "svg"])).content
    assert svg.count(b'id="patch_') < full.count(b'id="patch_')


@pytest.mark.parametrize("who", ["governor", "resource", "competence", "outsider", "elverum"])
def test_chart_endpoint_refuses_other_roles(client, rw, who):
    client.force_login(rw.users[who])
    assert client.get(reverse("evaluation:chart", args=["q1", "png"])).status_code == 403
