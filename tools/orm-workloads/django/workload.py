"""Django 3.2 shop workload: the dbprof ORM scenarios (see ../README.md), one "request" each.

Environment: SHOP_DB (pg|mariadb), SHOP_HOST, SHOP_PORT, SHOP_USER, SHOP_PASSWORD, SHOP_NAME.
"""
import hashlib
import os
import sys
import time
import urllib.parse
from decimal import Decimal

import django
from django.conf import settings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

DB = os.environ.get("SHOP_DB", "pg")
base = {
    "HOST": os.environ.get("SHOP_HOST", "127.0.0.1"),
    "PORT": os.environ.get("SHOP_PORT", "5432"),
    "USER": os.environ.get("SHOP_USER", "shop"),
    "PASSWORD": os.environ.get("SHOP_PASSWORD", "shop"),
    "NAME": os.environ.get("SHOP_NAME", "shop"),
}
if DB == "pg":
    base["ENGINE"] = "django.db.backends.postgresql"
else:
    base["ENGINE"] = "django.db.backends.mysql"
    base["OPTIONS"] = {"charset": "utf8mb4"}

settings.configure(
    INSTALLED_APPS=["shop"],
    DATABASES={
        # a persistent connection, as with CONN_MAX_AGE > 0 in production
        "default": dict(base, CONN_MAX_AGE=600),
        # Django's default CONN_MAX_AGE = 0: a new connection per request
        "churn": dict(base, CONN_MAX_AGE=0, TEST={"MIRROR": "default"}),
    },
    USE_TZ=True,
    TIME_ZONE="UTC",
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import F, Prefetch  # noqa: E402

from shop.models import Customer, Order, OrderItem, Product  # noqa: E402

ORM = "django"
FRAMEWORK = "django%3A" + ".".join(map(str, django.VERSION[:2]))


def marker(name):
    with connection.cursor() as cur:
        cur.execute("SELECT 'scenario: %s'" % name)
        cur.fetchall()


def scenario(name):
    time.sleep(0.3)
    marker(name)


class request:
    """One HTTP request as Django's handler frames it (request_started / request_finished)."""

    def __enter__(self):
        request_started.send(sender=self.__class__)

    def __exit__(self, *exc):
        request_finished.send(sender=self.__class__)


def seed():
    call_command("migrate", run_syncdb=True, verbosity=0)
    cities = ["Lyon", "Oslo", "Porto", "Graz", "Turku"]
    with transaction.atomic():  # a fixture load: one object at a time, in one transaction
        for i in range(1, 101):
            Customer.objects.create(name="Customer %d" % i, email="customer%d@example.com" % i, city=cities[i % 5])
    Product.objects.bulk_create(
        [Product(name="Product %d" % j, price=Decimal("%d.99" % (5 + (j * 7) % 50))) for j in range(1, 41)])
    Order.objects.bulk_create(
        [Order(customer_id=(k - 1) % 60 + 1, status=["new", "paid", "shipped"][k % 3],
               total=Decimal("%d.50" % ((k * 13) % 200))) for k in range(1, 201)], batch_size=100)
    OrderItem.objects.bulk_create(
        [OrderItem(order_id=(m - 1) % 200 + 1, product_id=(m * 7) % 40 + 1, quantity=m % 5 + 1)
         for m in range(1, 401)], batch_size=100)


def n_plus_one():
    scenario("n_plus_one")
    for c in Customer.objects.order_by("id")[:20]:
        for o in c.order_set.all():
            o.total

    scenario("n_plus_one_fixed")
    for c in Customer.objects.order_by("id").prefetch_related("order_set")[:20]:
        for o in c.order_set.all():
            o.total


def inserts():
    scenario("txn_per_iteration_insert")
    for i in range(1, 31):  # autocommit: every save is its own transaction
        Product.objects.create(name="Loop product %d" % i, price=Decimal("9.99"))

    scenario("txn_per_iteration_insert_fixed")
    Product.objects.bulk_create([Product(name="Bulk product %d" % i, price=Decimal("9.99")) for i in range(1, 31)])


def updates():
    scenario("update_loop")
    for p in Product.objects.filter(id__in=range(1, 21)).order_by("id"):
        p.price = p.price + 1
        p.save()

    scenario("update_loop_fixed")
    Product.objects.filter(id__in=range(21, 41)).update(price=F("price") + 1)


def get_by_id():
    ids = list(range(21, 46))
    scenario("get_by_id_loop")
    for pk in ids:
        Customer.objects.get(pk=pk).name

    scenario("get_by_id_loop_fixed")
    list(Customer.objects.filter(pk__in=ids))


def pagination():
    scenario("pagination")
    paginator = Paginator(Customer.objects.order_by("id"), 10)
    paginator.count
    for n in range(1, 9):
        list(paginator.page(n).object_list)


def counts():
    scenario("count_with_limit")
    Order.objects.filter(status="paid")[:50].count()

    scenario("count_distinct_subquery")
    Order.objects.values("customer_id").distinct().count()


def duplicates():
    scenario("duplicate_query")
    list(Product.objects.filter(price__lt=20).order_by("id"))  # in the view
    list(Product.objects.filter(price__lt=20).order_by("id"))  # again in the template

    scenario("duplicate_query_fixed")
    list(Product.objects.filter(price__lt=20).order_by("id"))


def back_to_back():
    scenario("back_to_back_requests")
    pauses = [0.08, 0.12, 0.06, 0.15, 0.1]
    reqs = [
        lambda: Customer.objects.get(pk=1),
        lambda: list(Product.objects.order_by("id")[:5]),
        lambda: (Order.objects.get(pk=3), list(OrderItem.objects.filter(order_id=3))),
        lambda: (Customer.objects.get(pk=2), Order.objects.filter(customer_id=2).count()),
        lambda: list(Product.objects.filter(price__gt=30).order_by("id")[:5]),
        lambda: Order.objects.get(pk=4),
    ]
    for i, r in enumerate(reqs):
        with request():
            r()
        if i < len(pauses):
            time.sleep(pauses[i])


def deletes():
    scenario("delete_cascade_loop")
    for o in Order.objects.filter(id__in=range(151, 166)).order_by("id"):
        o.delete()  # collects and deletes the order_items first, in its own transaction

    scenario("delete_cascade_loop_fixed")
    Order.objects.filter(id__in=range(166, 181)).delete()


def churn():
    scenario("connection_per_request")
    for i in range(1, 13):
        with request():  # CONN_MAX_AGE = 0: connect at the first query, close at request_finished
            Customer.objects.using("churn").get(pk=i)
            list(Order.objects.using("churn").filter(customer_id=i).order_by("id")[:3])
        time.sleep(0.05)

    scenario("connection_per_request_fixed")
    for i in range(1, 13):
        with request():  # persistent connection (CONN_MAX_AGE = 600)
            Customer.objects.get(pk=i)
            list(Order.objects.filter(customer_id=i).order_by("id")[:3])
        time.sleep(0.05)


def traceparent(n):
    trace = hashlib.md5(("%s-trace-%d" % (ORM, n)).encode()).hexdigest()
    span = hashlib.md5(("%s-span-%d" % (ORM, n)).encode()).hexdigest()[:16]
    return "00-%s-%s-01" % (trace, span)


def sqlcommenter(tags):
    comment = "/*" + ",".join("%s='%s'" % kv for kv in tags) + "*/"

    def wrapper(execute, sql, params, many, context):
        # the driver formats %-placeholders when there are parameters: escape the comment's %
        c = comment.replace("%", "%%") if params is not None else comment
        return execute(sql + " " + c, params, many, context)

    return wrapper


def marked():
    scenario("marked_requests")
    reqs = [
        ("customers", "index", "%2Fcustomers", True, 0),
        ("products", "index", "%2Fproducts", False, 0),
        ("customers", "index", "%2Fcustomers", True, 10),
        ("orders", "show", "%2Forders%2F%3Cid%3E", False, 0),
    ]
    for n, (controller, action, route, loop, offset) in enumerate(reqs, 1):
        tags = [("controller", controller), ("action", action), ("framework", FRAMEWORK),
                ("route", route), ("traceparent", traceparent(n))]
        with request(), connection.execute_wrapper(sqlcommenter(tags)):
            if loop:
                for c in Customer.objects.order_by("id")[offset:offset + 10]:
                    list(c.order_set.all())
            elif controller == "products":
                Customer.objects.get(pk=5)
                list(Product.objects.order_by("id")[:5])
            else:
                Order.objects.get(pk=7)
                list(OrderItem.objects.filter(order_id=7))
        time.sleep(0.1)


def per_row_transactions():
    scenario("per_row_transaction_reads")
    for c in Customer.objects.filter(id__range=(41, 60)).order_by("id"):
        with transaction.atomic():  # each fetch in its own transaction (as ATOMIC_REQUESTS per item would)
            list(c.order_set.filter(status="paid"))

    scenario("per_row_transaction_writes")
    for i in range(1, 25):
        with transaction.atomic():
            Order.objects.create(customer_id=70, status="new", total=Decimal("%d.25" % i))

    scenario("per_row_transaction_fixed")
    with transaction.atomic():
        for c in Customer.objects.filter(id__range=(41, 60)).order_by("id").prefetch_related(
                Prefetch("order_set", queryset=Order.objects.filter(status="paid"))):
            list(c.order_set.all())
        Order.objects.bulk_create([Order(customer_id=71, status="new", total=Decimal("%d.25" % i))
                                   for i in range(1, 25)])


def loop_without_source():
    scenario("loop_without_source")
    for pk in [3, 1, 4, 15, 9, 2, 6, 5, 35, 8, 7, 39]:  # ids known in code (a cart in the session)
        OrderItem.objects.get(pk=pk).quantity


# The requests of pooled_requests and tagged_requests: (customer, order) -> 5 statements, customer -> 2 or 1.
def page_full(c, o):
    Customer.objects.get(pk=c)
    list(Order.objects.filter(customer_id=c).order_by("id")[:3])
    Order.objects.get(pk=o)
    list(OrderItem.objects.filter(order_id=o))
    list(Product.objects.order_by("id")[:5])


def page_orders(c):
    Customer.objects.get(pk=c)
    list(Order.objects.filter(customer_id=c).order_by("id")[:3])


def page_index():
    for c in Customer.objects.filter(id__range=(21, 30)).order_by("id"):
        list(c.order_set.all())


def pooled_requests():
    scenario("pooled_requests")
    reqs = [lambda: page_full(11, 21), lambda: page_full(12, 22), lambda: page_orders(13),
            lambda: Customer.objects.get(pk=14)]
    pauses = [0.04, 0.07, 0.03]
    for i, r in enumerate(reqs):
        with request():  # CONN_MAX_AGE = 600: the same connection, autocommit, no transaction
            r()
        if i < len(pauses):
            time.sleep(pauses[i])


def generate_sql_comment(**meta):
    """What google-cloud-sqlcommenter's Django middleware appends: keys sorted, values url-quoted."""
    return " /*" + ",".join("%s='%s'" % (urllib.parse.quote(k), urllib.parse.quote(v).replace("'", "\\'"))
                            for k, v in sorted(meta.items())) + "*/"


def sqlcommenter_wrapper(comment):
    def wrapper(execute, sql, params, many, context):
        # the driver formats %-placeholders when there are parameters: escape the comment's %
        c = comment.replace("%", "%%") if params is not None else comment
        return execute(sql + c, params, many, context)

    return wrapper


TAGGED_REQUESTS = [  # (view name, route, work)
    ("customer_detail", "customers/<int:pk>/", lambda: page_full(15, 25)),
    ("customer_list", "customers/", page_index),
    ("customer_detail", "customers/<int:pk>/", lambda: page_full(16, 26)),
    ("customer_orders", "customers/<int:pk>/orders/", lambda: page_orders(17)),
    ("customer_summary", "customers/<int:pk>/summary/", lambda: Customer.objects.get(pk=18)),
]
TAGGED_PAUSES = [0.05, 0.03, 0.07, 0.04]


def tagged_requests():
    scenario("tagged_requests")
    for n, (view, route, work) in enumerate(TAGGED_REQUESTS, 1):
        comment = generate_sql_comment(controller=view, framework="django:%d.%d" % django.VERSION[:2], route=route,
                                       traceparent=traceparent(100 + n))
        with request(), connection.execute_wrapper(sqlcommenter_wrapper(comment)):
            work()
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
    connections.close_all()


if __name__ == "__main__":
    main()
