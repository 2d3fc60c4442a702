"""The example shop with Prometheus metrics, named like prometheus-fastapi-instrumentator's.

A real service would use the instrumentator (`Instrumentator().instrument(app).expose(app)`);
it is not packaged in Debian, so this module mirrors its default metrics with the plain
`prometheus_client` (Debian's python3-prometheus-client) for holdfast's tests and docs:

- `http_requests_total{handler, method, status}`: a counter; `status` grouped as `2xx`, `4xx`
  (set `SHOP_METRICS_EXACT_STATUS=1` for exact codes, like `should_group_status_codes=False`);
- `http_request_duration_seconds{handler, method}`: a histogram, buckets 0.1, 0.5, 1 s (set
  `SHOP_METRICS_BUCKETS=0.01,0.025,0.05,0.1,0.25,0.5,1` for others, like the instrumentator's
  `instrument(app, latency_lowr_buckets=...)`);
- `http_request_duration_highr_seconds`: a histogram without labels, with many buckets.

`handler` is the route template (`/items/{item_id}`); requests no route matched count under
`none`, like the instrumentator's `should_group_untemplated`. `/metrics` itself is not counted.

Serve it (from the repository root):

    python3 -m uvicorn instrumented:app --app-dir examples/fastapi-shop/metrics --port 8000

`SHOP_APP_DIR` picks the shop version (default `../v1`, relative to this folder). The shop's own
SHOP_ITEM_DELAY_MS and SHOP_ITEM_ERROR_RATE make a bad build of it (see the end of v1/shop/main.py).
"""

import os
import sys
import time
from typing import Optional

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.responses import Response
from starlette.routing import Match

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, os.environ.get("SHOP_APP_DIR", "../v1"))))

# The module's app, not create_app(): the shop's bad-build switches are applied to it.
from shop.main import app as shop  # noqa: E402

EXACT_STATUS = os.environ.get("SHOP_METRICS_EXACT_STATUS") == "1"

REQUESTS = Counter(
    "http_requests_total",
    "Total number of requests by method, status and handler.",
    ("method", "status", "handler"),
)
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Latency with only few buckets by handler.",
    ("method", "handler"),
    buckets=tuple(float(bound) for bound in os.environ.get("SHOP_METRICS_BUCKETS", "0.1,0.5,1").split(","))
    + (float("inf"),),
)
LATENCY_HIGHR = Histogram(
    "http_request_duration_highr_seconds",
    "Latency with many buckets but no API specific labels.",
    buckets=(0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 7.5, 10, 30, 60),
)


class Metrics:
    """ASGI middleware: times each request and counts it under its route template."""

    def __init__(self, app):
        self.app = app
        self.routes = app.routes

    def _template(self, scope) -> Optional[str]:
        for route in self.routes:
            match, _ = route.matches(scope)
            if match == Match.FULL:
                return getattr(route, "path", None)
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["path"] == "/metrics":
            response = Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
            return await response(scope, receive, send)
        started = time.perf_counter()
        method = scope["method"]
        handler = self._template(scope) or "none"
        status_code = 500  # what an exception escaping the app becomes

        async def send_status(message):
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            code = str(status_code)
            duration = time.perf_counter() - started
            REQUESTS.labels(method, code if EXACT_STATUS else f"{code[0]}xx", handler).inc()
            LATENCY.labels(method, handler).observe(duration)
            LATENCY_HIGHR.observe(duration)


app = Metrics(shop)
