"""The Mẫu 01 download: who gets which unit's draft, in which format."""

import pytest
from django.urls import reverse

from tests.monitoring import install_catalogue, six_month_period


@pytest.fixture
def period(world):
    install_catalogue()
    return six_month_period(world)


def url(period, fmt, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("mau01", args=[period.pk, fmt]) + (f"?{query}" if query else "")


def test_staff_download_the_district_draft_as_word(world, period, login):
    response = login(world.users.staff).get(url(period, "doc"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/msword"
    assert response["Content-Disposition"].startswith('attachment; filename="mau01-')
    assert "BÁO CÁO" in response.content.decode()
    assert world.a.unit.name.upper() in response.content.decode()


def test_an_officer_gets_their_own_units_draft_whatever_they_ask(world, period, login):
    other = world.a.communes[1]
    response = login(world.users.officer_a).get(url(period, "doc", unit=other.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert world.a.communes[0].name.upper() in html
    assert other.name.upper() not in html


def test_staff_may_ask_for_one_unit_but_not_another_districts(world, period, login):
    client = login(world.users.staff)
    assert (
        world.a.communes[1].name.upper() in client.get(url(period, "doc", unit=world.a.communes[1].pk)).content.decode()
    )
    assert client.get(url(period, "doc", unit=world.b.communes[0].pk)).status_code == 404


def test_pdf_and_unknown_formats(world, period, login):
    client = login(world.users.staff)
    response = client.get(url(period, "pdf"))
    assert response.status_code in (200, 503)
    if response.status_code == 200:
        assert response.content.startswith(b"%PDF")
    else:
        assert "Pango" in response.content.decode()
    assert client.get(url(period, "xls")).status_code == 404
