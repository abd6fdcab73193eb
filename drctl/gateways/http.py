"""The public name, probed as a client would: through DNS, over HTTPS."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Protocol

from drctl.gateways.base import Observation


class Prober(Protocol):
    def probe(self, url: str) -> Observation: ...


class HttpProber:
    """GET the url; healthy on 2xx/3xx within the timeout (Route 53's own HTTP check criterion)."""

    def __init__(self, timeout: float = 6.0):
        self.timeout = timeout

    def probe(self, url: str) -> Observation:
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                code = int(response.status)
        except urllib.error.HTTPError as e:
            code = e.code
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            return Observation(False, f"{url}: {e}", {"url": url, "error": str(e)})
        return Observation(200 <= code < 400, f"{url}: HTTP {code}", {"url": url, "status": code})
