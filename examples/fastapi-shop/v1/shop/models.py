"""Pydantic models of the shop API (version 1). Works with Pydantic 1.10 and 2.x."""

from enum import Enum
from typing import List, Optional

from pydantic import BaseModel, Field


class Category(str, Enum):
    """Where an item is shelved."""

    books = "books"
    games = "games"
    garden = "garden"


class OrderStatus(str, Enum):
    """Where an order is in its life."""

    pending = "pending"
    paid = "paid"
    shipped = "shipped"


class Item(BaseModel):
    """An item for sale."""

    id: int
    name: str
    price: float
    category: Category
    description: Optional[str] = None
    tags: List[str] = []


class ItemCreate(BaseModel):
    """What a client sends to put an item on sale."""

    name: str = Field(..., min_length=1, max_length=100)
    price: float = Field(..., gt=0)
    category: Category
    description: Optional[str] = None


class User(BaseModel):
    """A customer."""

    id: int
    email: str
    name: str
    nickname: Optional[str] = None


class OrderLine(BaseModel):
    """One item of an order, and how many."""

    item_id: int
    quantity: int = Field(..., ge=1)


class OrderCreate(BaseModel):
    """What a client sends to place an order."""

    user_id: int
    lines: List[OrderLine]
    note: Optional[str] = None


class Order(BaseModel):
    """A placed order."""

    id: int
    user_id: int
    status: OrderStatus
    lines: List[OrderLine]
    total: float
    note: Optional[str] = None
