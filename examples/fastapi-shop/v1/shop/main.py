"""A small shop API (version 1): items, orders and users.

Serve it with `uvicorn shop.main:app` from examples/fastapi-shop/v1, or extract its contract
without serving it: `holdfast extract shop.main:app --app-dir examples/fastapi-shop/v1`.
"""

from typing import Any, Dict, List, Optional

from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel

from .models import Category, Item, ItemCreate, Order, OrderCreate, OrderStatus, User

ITEMS: Dict[int, Item] = {
    1: Item(id=1, name="Dune", price=9.5, category=Category.books, tags=["sci-fi"]),
    2: Item(id=2, name="Go board", price=35.0, category=Category.games),
}
USERS: Dict[int, User] = {1: User(id=1, email="ada@example.com", name="Ada")}
ORDERS: Dict[int, Order] = {}


def _fields(model: BaseModel) -> Dict[str, Any]:
    """The model's fields as a dict, on Pydantic 2 (`model_dump`) and 1 (`dict`)."""
    return model.model_dump() if hasattr(model, "model_dump") else model.dict()


def create_app() -> FastAPI:
    """Builds the app; `shop.main:create_app()` is the factory form of `shop.main:app`."""
    app = FastAPI(title="Shop", version="1.0.0")

    @app.get("/items", response_model=List[Item], tags=["items"])
    def list_items(
        category: Optional[Category] = None,
        limit: int = Query(20, ge=1, le=100),
    ) -> List[Item]:
        found = [item for item in ITEMS.values() if category is None or item.category == category]
        return found[:limit]

    @app.post("/items", response_model=Item, status_code=201, tags=["items"])
    def create_item(body: ItemCreate) -> Item:
        item = Item(id=max(ITEMS, default=0) + 1, **_fields(body))
        ITEMS[item.id] = item
        return item

    @app.get(
        "/items/{item_id}",
        response_model=Item,
        tags=["items"],
        responses={404: {"description": "No such item"}},
    )
    def get_item(item_id: int) -> Item:
        if item_id not in ITEMS:
            raise HTTPException(status_code=404, detail="No such item")
        return ITEMS[item_id]

    @app.get(
        "/users/{user_id}",
        response_model=User,
        tags=["users"],
        responses={404: {"description": "No such user"}},
    )
    def get_user(user_id: int) -> User:
        if user_id not in USERS:
            raise HTTPException(status_code=404, detail="No such user")
        return USERS[user_id]

    @app.post("/orders", response_model=Order, status_code=201, tags=["orders"])
    def create_order(body: OrderCreate) -> Order:
        total = sum(ITEMS[line.item_id].price * line.quantity for line in body.lines if line.item_id in ITEMS)
        order = Order(
            id=len(ORDERS) + 1,
            user_id=body.user_id,
            status=OrderStatus.pending,
            lines=body.lines,
            total=total,
            note=body.note,
        )
        ORDERS[order.id] = order
        return order

    @app.get(
        "/orders/{order_id}",
        response_model=Order,
        tags=["orders"],
        responses={404: {"description": "No such order"}},
    )
    def get_order(order_id: int) -> Order:
        if order_id not in ORDERS:
            raise HTTPException(status_code=404, detail="No such order")
        return ORDERS[order_id]

    return app


app = create_app()


def _degraded_build(target: FastAPI) -> None:
    """A bad build of the same contract, for trying `holdfast deploy compare` (docs/usage.md).

    SHOP_ITEM_DELAY_MS makes every `GET /items/{item_id}` that much slower; SHOP_ITEM_ERROR_RATE
    (0 to 1) makes that share of them answer 500 (the n-th call fails when n * rate crosses a whole
    number, so the share is exact). Unset, nothing changes. Kept at the end of the module so the
    line numbers above stay what the docs quote.
    """
    import asyncio
    import os
    import re

    from fastapi.responses import JSONResponse

    delay = float(os.environ.get("SHOP_ITEM_DELAY_MS", "0")) / 1000
    rate = float(os.environ.get("SHOP_ITEM_ERROR_RATE", "0"))
    if delay <= 0 and rate <= 0:
        return
    item_path = re.compile(r"^/items/[^/]+$")
    calls = [0]

    @target.middleware("http")
    async def degrade(request: Any, call_next: Any) -> Any:
        if request.method != "GET" or not item_path.match(request.url.path):
            return await call_next(request)
        calls[0] += 1
        if delay > 0:
            await asyncio.sleep(delay)
        if int(calls[0] * rate) > int((calls[0] - 1) * rate):
            return JSONResponse({"detail": "Degraded build (SHOP_ITEM_ERROR_RATE)"}, status_code=500)
        return await call_next(request)


_degraded_build(app)
