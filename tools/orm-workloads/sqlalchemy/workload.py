"""SQLAlchemy 1.4 (ORM) shop workload: the dbprof ORM scenarios (see ../README.md), one "request" each.

Environment: SHOP_DB (pg|mariadb), SHOP_HOST, SHOP_PORT, SHOP_USER, SHOP_PASSWORD, SHOP_NAME.
"""
import contextvars
import hashlib
import os
import time
import urllib.parse
from decimal import Decimal

import sqlalchemy
from sqlalchemy import (Column, ForeignKey, Integer, Numeric, String, create_engine, delete, event, func, insert,
                        select, text, update)
from sqlalchemy.orm import Session, declarative_base, relationship, selectinload
from sqlalchemy.pool import NullPool

DB = os.environ.get("SHOP_DB", "pg")
auth = "%s:%s@%s:%s/%s" % (os.environ.get("SHOP_USER", "shop"), os.environ.get("SHOP_PASSWORD", "shop"),
                           os.environ.get("SHOP_HOST", "127.0.0.1"), os.environ.get("SHOP_PORT", "5432"),
                           os.environ.get("SHOP_NAME", "shop"))
URL = ("postgresql+psycopg2://" + auth) if DB == "pg" else ("mysql+mysqldb://" + auth + "?charset=utf8mb4")

ORM = "sqlalchemy"
FRAMEWORK = "sqlalchemy%3A" + sqlalchemy.__version__

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    email = Column(String(200), nullable=False)
    city = Column(String(50), nullable=False)
    orders = relationship("Order", back_populates="customer", order_by="Order.id")  # lazy="select"


class Product(Base):
    __tablename__ = "products"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    price = Column(Numeric(10, 2), nullable=False)


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False)
    status = Column(String(20), nullable=False)
    total = Column(Numeric(10, 2), nullable=False)
    customer = relationship("Customer", back_populates="orders")
    items = relationship("OrderItem", cascade="all, delete-orphan")


class OrderItem(Base):
    __tablename__ = "order_items"
    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id"), nullable=False)
    product_id = Column(Integer, ForeignKey("products.id"), nullable=False)
    quantity = Column(Integer, nullable=False)


engine = create_engine(URL, future=True)  # QueuePool: one pooled connection reused
churn_engine = create_engine(URL, future=True, poolclass=NullPool)  # no pool: a connection per checkout

# sqlcommenter-style tags, appended the way sqlcommenter's SQLAlchemy integration does
current_tags = contextvars.ContextVar("tags", default=None)


@event.listens_for(engine, "before_cursor_execute", retval=True)
def _comment(conn, cursor, statement, parameters, context, executemany):
    tags = current_tags.get()
    if tags:
        comment = "/*" + ",".join("%s='%s'" % kv for kv in tags) + "*/"
        if parameters:  # the DBAPI formats %-placeholders: escape the comment's %
            comment = comment.replace("%", "%%")
        statement = statement + " " + comment
    return statement, parameters


def marker(name):
    # through the raw DBAPI connection of the pool, so that the app's own sessions are left as they are:
    # psycopg2's autocommit flag is client-side (nothing is sent, no BEGIN); on MySQLdb the SELECT runs
    # in the connection's implicit transaction and the pool's reset-on-return sends the ROLLBACK that
    # follows every Session's end anyway.
    raw = engine.raw_connection()
    try:
        if DB == "pg":
            raw.driver_connection.autocommit = True
        cur = raw.cursor()
        cur.execute("SELECT 'scenario: %s'" % name)
        cur.fetchall()
        cur.close()
        if DB == "pg":
            raw.driver_connection.autocommit = False
    finally:
        raw.close()


def scenario(name):
    time.sleep(0.3)
    marker(name)


def seed():
    Base.metadata.create_all(engine)
    cities = ["Lyon", "Oslo", "Porto", "Graz", "Turku"]
    with Session(engine) as s:
        s.add_all([Customer(name="Customer %d" % i, email="customer%d@example.com" % i, city=cities[i % 5])
                   for i in range(1, 101)])
        s.add_all([Product(name="Product %d" % j, price=Decimal("%d.99" % (5 + (j * 7) % 50))) for j in range(1, 41)])
        s.commit()
        s.execute(insert(Order), [dict(customer_id=(k - 1) % 60 + 1, status=["new", "paid", "shipped"][k % 3],
                                       total=Decimal("%d.50" % ((k * 13) % 200))) for k in range(1, 201)])
        s.execute(insert(OrderItem), [dict(order_id=(m - 1) % 200 + 1, product_id=(m * 7) % 40 + 1,
                                           quantity=m % 5 + 1) for m in range(1, 401)])
        s.commit()


def n_plus_one():
    scenario("n_plus_one")
    with Session(engine) as s:
        for c in s.execute(select(Customer).order_by(Customer.id).limit(20)).scalars():
            for o in c.orders:  # lazy load per customer
                o.total

    scenario("n_plus_one_fixed")
    with Session(engine) as s:
        for c in s.execute(select(Customer).options(selectinload(Customer.orders)).order_by(Customer.id).limit(20)) \
                .scalars():
            for o in c.orders:
                o.total


def inserts():
    scenario("txn_per_iteration_insert")
    with Session(engine) as s:
        for i in range(1, 31):
            s.add(Product(name="Loop product %d" % i, price=Decimal("9.99")))
            s.commit()

    scenario("txn_per_iteration_insert_fixed")
    with Session(engine) as s:
        s.execute(insert(Product), [dict(name="Bulk product %d" % i, price=Decimal("9.99")) for i in range(1, 31)])
        s.commit()


def updates():
    scenario("update_loop")
    with Session(engine) as s:
        for p in s.execute(select(Product).where(Product.id.in_(range(1, 21))).order_by(Product.id)).scalars().all():
            p.price = p.price + 1  # expired by the previous commit: refreshed by a SELECT first
            s.commit()

    scenario("update_loop_fixed")
    with Session(engine) as s:
        s.execute(update(Product).where(Product.id.in_(range(21, 41))).values(price=Product.price + 1))
        s.commit()


def get_by_id():
    ids = list(range(21, 46))
    scenario("get_by_id_loop")
    with Session(engine) as s:
        for pk in ids:
            s.get(Customer, pk).name

    scenario("get_by_id_loop_fixed")
    with Session(engine) as s:
        s.execute(select(Customer).where(Customer.id.in_(ids))).scalars().all()


def pagination():
    scenario("pagination")
    with Session(engine) as s:
        s.execute(select(func.count()).select_from(Customer)).scalar()
        for page in range(8):
            s.execute(select(Customer).order_by(Customer.id).limit(10).offset(page * 10)).scalars().all()


def counts():
    scenario("count_with_limit")
    with Session(engine) as s:
        s.query(Order).filter(Order.status == "paid").limit(50).count()

    scenario("count_distinct_subquery")
    with Session(engine) as s:
        s.query(Order).filter(Order.status == "paid").count()  # SELECT count(*) FROM (SELECT ...) AS anon_1


def duplicates():
    q = select(Product).where(Product.price < 20).order_by(Product.id)
    scenario("duplicate_query")
    with Session(engine) as s:
        s.execute(q).scalars().all()
        s.execute(q).scalars().all()

    scenario("duplicate_query_fixed")
    with Session(engine) as s:
        s.execute(q).scalars().all()


def back_to_back():
    scenario("back_to_back_requests")
    pauses = [0.08, 0.12, 0.06, 0.15, 0.1]
    reqs = [
        lambda s: s.get(Customer, 1),
        lambda s: s.execute(select(Product).order_by(Product.id).limit(5)).scalars().all(),
        lambda s: (s.get(Order, 3), s.execute(select(OrderItem).where(OrderItem.order_id == 3)).scalars().all()),
        lambda s: (s.get(Customer, 2),
                   s.execute(select(func.count()).select_from(Order).where(Order.customer_id == 2)).scalar()),
        lambda s: s.execute(select(Product).where(Product.price > 30).order_by(Product.id).limit(5)).scalars().all(),
        lambda s: s.get(Order, 4),
    ]
    for i, r in enumerate(reqs):
        with Session(engine) as s:  # a session per request, on the pooled connection
            r(s)
        if i < len(pauses):
            time.sleep(pauses[i])


def deletes():
    scenario("delete_cascade_loop")
    with Session(engine) as s:
        for o in s.execute(select(Order).where(Order.id.in_(range(151, 166))).order_by(Order.id)).scalars().all():
            s.delete(o)  # cascade="all, delete-orphan": loads and deletes the items
            s.commit()

    scenario("delete_cascade_loop_fixed")
    with Session(engine) as s:
        ids = list(range(166, 181))
        s.execute(delete(OrderItem).where(OrderItem.order_id.in_(ids)))
        s.execute(delete(Order).where(Order.id.in_(ids)))
        s.commit()


def churn():
    scenario("connection_per_request")
    for i in range(1, 13):
        with Session(churn_engine) as s:  # NullPool: connect at the first query, close at the end
            s.get(Customer, i)
            s.execute(select(Order).where(Order.customer_id == i).order_by(Order.id).limit(3)).scalars().all()
        time.sleep(0.05)

    scenario("connection_per_request_fixed")
    for i in range(1, 13):
        with Session(engine) as s:
            s.get(Customer, i)
            s.execute(select(Order).where(Order.customer_id == i).order_by(Order.id).limit(3)).scalars().all()
        time.sleep(0.05)


def traceparent(n):
    trace = hashlib.md5(("%s-trace-%d" % (ORM, n)).encode()).hexdigest()
    span = hashlib.md5(("%s-span-%d" % (ORM, n)).encode()).hexdigest()[:16]
    return "00-%s-%s-01" % (trace, span)


def marked():
    scenario("marked_requests")
    reqs = [
        ("customers", "index", "%2Fcustomers", True, 0),
        ("products", "index", "%2Fproducts", False, 0),
        ("customers", "index", "%2Fcustomers", True, 10),
        ("orders", "show", "%2Forders%2F%3Cid%3E", False, 0),
    ]
    for n, (controller, action, route, loop, offset) in enumerate(reqs, 1):
        token = current_tags.set([("controller", controller), ("action", action), ("framework", FRAMEWORK),
                                  ("route", route), ("traceparent", traceparent(n))])
        try:
            with Session(engine) as s:
                if loop:
                    for c in s.execute(select(Customer).order_by(Customer.id).limit(10).offset(offset)).scalars():
                        list(c.orders)
                elif controller == "products":
                    s.get(Customer, 5)
                    s.execute(select(Product).order_by(Product.id).limit(5)).scalars().all()
                else:
                    s.get(Order, 7)
                    s.execute(select(OrderItem).where(OrderItem.order_id == 7)).scalars().all()
        finally:
            current_tags.reset(token)
        time.sleep(0.1)


def per_row_transactions():
    scenario("per_row_transaction_reads")
    with Session(engine) as s:
        for c in s.execute(select(Customer).where(Customer.id.between(41, 60)).order_by(Customer.id)).scalars().all():
            # c expired by the previous commit: refreshed by a SELECT first
            s.execute(select(Order).where(Order.customer_id == c.id, Order.status == "paid")).scalars().all()
            s.commit()

    scenario("per_row_transaction_writes")
    with Session(engine) as s:
        for i in range(1, 25):
            s.add(Order(customer_id=70, status="new", total=Decimal("%d.25" % i)))
            s.commit()

    scenario("per_row_transaction_fixed")
    with Session(engine) as s:
        with s.begin():
            s.execute(select(Customer).options(selectinload(Customer.orders.and_(Order.status == "paid")))
                      .where(Customer.id.between(41, 60)).order_by(Customer.id)).scalars().all()
            s.execute(insert(Order), [dict(customer_id=71, status="new", total=Decimal("%d.25" % i))
                                      for i in range(1, 25)])


def loop_without_source():
    scenario("loop_without_source")
    with Session(engine) as s:
        for pk in [3, 1, 4, 15, 9, 2, 6, 5, 35, 8, 7, 39]:  # ids known in code (a cart in the session)
            s.get(OrderItem, pk).quantity


# The requests of pooled_requests and tagged_requests: (customer, order) -> 5 statements, customer -> 2 or 1.
def page_full(s, c, o):
    s.get(Customer, c)
    s.execute(select(Order).where(Order.customer_id == c).order_by(Order.id).limit(3)).scalars().all()
    s.get(Order, o)
    s.execute(select(OrderItem).where(OrderItem.order_id == o)).scalars().all()
    s.execute(select(Product).order_by(Product.id).limit(5)).scalars().all()


def page_orders(s, c):
    s.get(Customer, c)
    s.execute(select(Order).where(Order.customer_id == c).order_by(Order.id).limit(3)).scalars().all()


def page_index(s):
    for c in s.execute(select(Customer).where(Customer.id.between(21, 30)).order_by(Customer.id)).scalars():
        list(c.orders)


def pooled_requests():
    scenario("pooled_requests")
    reqs = [lambda s: page_full(s, 11, 21), lambda s: page_full(s, 12, 22), lambda s: page_orders(s, 13),
            lambda s: s.get(Customer, 14)]
    pauses = [0.04, 0.07, 0.03]
    for i, r in enumerate(reqs):
        with Session(engine) as s:  # a session per request on the pooled connection (BEGIN ... ROLLBACK)
            r(s)
        if i < len(pauses):
            time.sleep(pauses[i])


def generate_sql_comment(**meta):
    """What google-cloud-sqlcommenter's SQLAlchemy hook appends: keys sorted, values url-quoted."""
    return " /*" + ",".join("%s='%s'" % (urllib.parse.quote(k), urllib.parse.quote(v).replace("'", "\\'"))
                            for k, v in sorted(meta.items())) + "*/"


current_comment = contextvars.ContextVar("comment", default=None)


@event.listens_for(engine, "before_cursor_execute", retval=True)
def _sqlcommenter(conn, cursor, statement, parameters, context, executemany):
    comment = current_comment.get()
    if comment:
        if parameters:  # the DBAPI formats %-placeholders: escape the comment's %
            comment = comment.replace("%", "%%")
        statement = statement + comment
    return statement, parameters


TAGGED_REQUESTS = [  # (Flask endpoint, route, work)
    ("customer_detail", "/customers/<int:pk>", lambda s: page_full(s, 15, 25)),
    ("customer_list", "/customers", page_index),
    ("customer_detail", "/customers/<int:pk>", lambda s: page_full(s, 16, 26)),
    ("customer_orders", "/customers/<int:pk>/orders", lambda s: page_orders(s, 17)),
    ("customer_summary", "/customers/<int:pk>/summary", lambda s: s.get(Customer, 18)),
]
TAGGED_PAUSES = [0.05, 0.03, 0.07, 0.04]


def tagged_requests():
    scenario("tagged_requests")
    driver = "psycopg2" if DB == "pg" else "MySQLdb"
    for n, (endpoint, route, work) in enumerate(TAGGED_REQUESTS, 1):
        token = current_comment.set(generate_sql_comment(
            controller=endpoint, db_driver=driver, db_framework="sqlalchemy:" + sqlalchemy.__version__,
            route=route, traceparent=traceparent(100 + n)))
        try:
            with Session(engine) as s:
                work(s)
        finally:
            current_comment.reset(token)
        if n <= len(TAGGED_PAUSES):
            time.sleep(TAGGED_PAUSES[n - 1])


def main():
    seed()
    n_plus_one()
    inserts()
    updates()
    get_by_id()
    pagination()
    counts()
    duplicates()
    back_to_back()
    deletes()
    churn()
    marked()
    per_row_transactions()
    loop_without_source()
    pooled_requests()
    tagged_requests()
    time.sleep(0.3)
    engine.dispose()
    churn_engine.dispose()


if __name__ == "__main__":
    main()
