"""An HTTP client that logs in like a browser (CSRF token from the form), for tests against real servers."""

import re

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Staf:
    def __init__(self, base_url, username, password):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.responses = []
        page = self.get("/masuk/")
        self.post("/masuk/", {"username": username, "password": password}, csrf_dari=page)
        assert "sessionid" in self.session.cookies.get_dict(), f"{username} gagal masuk di {base_url}"

    def _catat(self, response):
        self.responses.append((response.request.method, response.url, response.status_code))
        return response

    def get(self, path, **kwargs):
        return self._catat(self.session.get(self.base_url + path, timeout=60, allow_redirects=False, **kwargs))

    def post(self, path, data, files=None, csrf_dari=None):
        page = csrf_dari if csrf_dari is not None else self.get(path)
        token = CSRF.search(page.text).group(1)
        return self._catat(
            self.session.post(
                self.base_url + path,
                data={**data, "csrfmiddlewaretoken": token},
                files=files,
                headers={"Referer": self.base_url + path},
                timeout=120,
                allow_redirects=False,
            )
        )
