"""#19.15: /favicon.ico answers with the office icon on every page, signed in or not."""

from django.urls import reverse


def test_favicon_is_served_without_login(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file, not an HTML error page
    assert "max-age=86400" in response["Cache-Control"]


def test_pages_point_at_the_icon(client, kantor):
    html = client.get(reverse("masuk")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.ico">' in html
