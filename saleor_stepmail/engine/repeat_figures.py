"""What the repeat-rate reports count, defined once: every report of engine/repeat_rate.py
builds its one statement from `cohort_sql`, so the GraphQL queries and the CSV files cannot
disagree on who is a first buyer, when they came back or what they paid.

- An order *counts* when it is paid and not cancelled, expired or refunded (the `counted`
  column of engine/order_rows.py, each integration's reading of its own statuses).
- A *customer* is an account, else an address: a guest's orders join the account that later
  ordered under the same address (`customer_sql`).
- A *first buyer* of [start, end) is a customer whose first counted order was created then; the
  *second order* is their next counted order.
- *Returned within N days*: the second order came at most N days after the first. It is
  counted among the first buyers whose first order is at least N days old (*eligible*), so a
  young cohort's long windows stay empty (a triangle), never a low rate.
- *Revenue at N days*: the totals of the eligible customer's counted orders in the first
  order's currency, the first one included, up to N days after it; per eligible customer.
"""

from dataclasses import dataclass

from .order_rows import OrderRows

REPEAT_WINDOWS = (30, 60, 90, 180)
REVENUE_WINDOWS = (30, 90, 180, 365)
# Days to the second order, shown up to each bound (the last row: more than the last).
DAY_BUCKETS = (7, 14, 30, 60, 90, 180, 365)
PROGRAM_WINDOW = 60


def customer_sql(row: str, *, fallback: str) -> str:
    """SQL: who the row `row` (an order, an enrolment: its `user_id` and lower-case `email`)
    belongs to: its account, else its address's account (`a`, joined from the `accounts`
    CTE), else its address, else `fallback` (SQL: a key of the row's own)."""
    return f"""CASE
        WHEN {row}.user_id <> '' THEN 'user:' || {row}.user_id
        WHEN a.user_id IS NOT NULL THEN 'user:' || a.user_id
        WHEN {row}.email <> '' THEN 'email:' || {row}.email
        ELSE {fallback} END"""


_ORDER_CUSTOMER = customer_sql("o", fallback="'order:' || o.order_id")

MEANINGS = {
    "first_buyers": "Customers (an account, else an address) whose first paid order, not "
    "cancelled or refunded, was created in the range.",
    "eligible": "First buyers whose first order is at least this many days old: the "
    "denominator. Younger ones have not had the time yet.",
    "returned": "Eligible first buyers whose second paid order came within this many days.",
    "rate": "returned / eligible; null while no first buyer is eligible.",
    "revenue": "Paid orders' totals (the first included, not cancelled or refunded) of the "
    "eligible first buyers up to this many days after their first order, in its currency.",
    "lift": "Points (percentage points) of repeat rate the program adds: the enrolled "
    "customers' rate minus its holdout's, with a 95% interval.",
}


@dataclass(frozen=True)
class Window:
    days: int
    eligible: int
    returned: int

    @property
    def rate(self) -> float | None:
        return self.returned / self.eligible if self.eligible else None


def cohort_sql(rows: OrderRows, select: str) -> str:
    """A statement over the first buyers of [%(start)s, %(end)s): `select` reads the CTEs

    - `counted`: every counted order with its `customer`, its place `n` in their orders, the
      next one's `next_at`, and the customer's `first_at` and `first_currency`;
    - `accounts`: each address's account (`customer_sql` reads it as `a`);
    - `buyers`: one row per first buyer: its first order's columns (and `category`),
      `second_at` (NULL: none yet), `days_to_second` (fractional days).

    Each customer's orders are read in one window over `counted`, never by joining it to
    itself: a join of two CTE scans is planned blind (their rows are not estimated) and came
    out a nested loop, quadratic in the orders.
    """
    category = rows.category.format(order="f")
    return f"""
        WITH orders AS MATERIALIZED ({rows.sql}),
        accounts AS (
            SELECT email, MIN(user_id) AS user_id FROM orders
            WHERE user_id <> '' AND email <> '' GROUP BY email
        ),
        counted AS MATERIALIZED (
            SELECT c.*, row_number() OVER customer_orders AS n,
                lead(c.created_at) OVER customer_orders AS next_at,
                first_value(c.created_at) OVER customer_orders AS first_at,
                first_value(c.currency) OVER customer_orders AS first_currency
            FROM (
                SELECT o.*, {_ORDER_CUSTOMER} AS customer
                FROM orders o LEFT JOIN accounts a ON a.email = o.email
                WHERE o.counted
            ) c
            WINDOW customer_orders AS (PARTITION BY c.customer ORDER BY c.created_at, c.order_id)
        ),
        buyers AS MATERIALIZED (
            SELECT f.*, {category} AS category, f.next_at AS second_at,
                EXTRACT(EPOCH FROM f.next_at - f.first_at) / 86400 AS days_to_second
            FROM counted f
            WHERE f.n = 1 AND f.first_at >= %(start)s AND f.first_at < %(end)s
        )
        {select}
    """


def eligible_sql(days: int) -> str:
    """SQL over a first buyer `b`: its first order is at least `days` days before %(now)s."""
    return f"b.first_at <= %(now)s - interval '{int(days)} days'"


def returned_sql(days: int) -> str:
    """SQL over a first buyer `b`: eligible, and its second order came within `days` days."""
    return f"{eligible_sql(days)} AND b.days_to_second <= {int(days)}"
