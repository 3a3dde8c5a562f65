# Rails ActiveRecord 6.1 shop workload: the dbprof ORM scenarios (see ../README.md), one "request" each.
#
# Environment: SHOP_DB (pg|mariadb), SHOP_HOST, SHOP_PORT, SHOP_USER, SHOP_PASSWORD, SHOP_NAME.
require "active_record"
require "digest"

DB = ENV.fetch("SHOP_DB", "pg")
CONFIG = {
  adapter: DB == "pg" ? "postgresql" : "mysql2",
  host: ENV.fetch("SHOP_HOST", "127.0.0.1"),
  port: Integer(ENV.fetch("SHOP_PORT", DB == "pg" ? "5432" : "3306")),
  username: ENV.fetch("SHOP_USER", "shop"),
  password: ENV.fetch("SHOP_PASSWORD", "shop"),
  database: ENV.fetch("SHOP_NAME", "shop"),
  pool: 5
}
CONFIG[:encoding] = "utf8mb4" if DB != "pg"
ORM = "rails"
FRAMEWORK = "rails%3A#{ActiveRecord::VERSION::STRING}"

ActiveRecord::Base.logger = nil
ActiveRecord::Base.establish_connection(CONFIG)

class Customer < ActiveRecord::Base
  has_many :orders, -> { order(:id) }
  has_many :paid_orders, -> { where(status: "paid").order(:id) }, class_name: "Order"
end

class Product < ActiveRecord::Base
end

class Order < ActiveRecord::Base
  belongs_to :customer
  has_many :order_items, dependent: :delete_all
end

class OrderItem < ActiveRecord::Base
  belongs_to :order
  belongs_to :product
end

def marker(name)
  ActiveRecord::Base.connection.select_value("SELECT 'scenario: #{name}'")
end

def scenario(name)
  sleep 0.3
  marker(name)
end

# One request as Rails' executor frames it: a connection checked out of the pool and given back.
def request(&block)
  ActiveRecord::Base.connection_pool.with_connection(&block)
end

def seed
  ActiveRecord::Schema.verbose = false
  ActiveRecord::Schema.define do
    create_table :customers do |t|
      t.string :name, null: false
      t.string :email, null: false
      t.string :city, null: false
    end
    create_table :products do |t|
      t.string :name, null: false
      t.decimal :price, precision: 10, scale: 2, null: false
    end
    create_table :orders do |t|
      t.references :customer, null: false, foreign_key: true
      t.string :status, null: false
      t.decimal :total, precision: 10, scale: 2, null: false
    end
    create_table :order_items do |t|
      t.references :order, null: false, foreign_key: true
      t.references :product, null: false, foreign_key: true
      t.integer :quantity, null: false
    end
  end
  cities = %w[Lyon Oslo Porto Graz Turku]
  ActiveRecord::Base.transaction do # db/seeds.rb: one record at a time, in one transaction
    (1..100).each { |i| Customer.create!(name: "Customer #{i}", email: "customer#{i}@example.com", city: cities[i % 5]) }
  end
  Product.insert_all((1..40).map { |j| { name: "Product #{j}", price: "#{5 + (j * 7) % 50}.99" } })
  Order.insert_all((1..200).map { |k| { customer_id: (k - 1) % 60 + 1, status: %w[new paid shipped][k % 3], total: "#{(k * 13) % 200}.50" } })
  OrderItem.insert_all((1..400).map { |m| { order_id: (m - 1) % 200 + 1, product_id: (m * 7) % 40 + 1, quantity: m % 5 + 1 } })
end

def n_plus_one
  scenario("n_plus_one")
  request { Customer.order(:id).limit(20).each { |c| c.orders.to_a } }

  scenario("n_plus_one_fixed")
  request { Customer.includes(:orders).order(:id).limit(20).each { |c| c.orders.to_a } }
end

def inserts
  scenario("txn_per_iteration_insert")
  request { (1..30).each { |i| Product.create!(name: "Loop product #{i}", price: "9.99") } }

  scenario("txn_per_iteration_insert_fixed")
  request { Product.insert_all((1..30).map { |i| { name: "Bulk product #{i}", price: "9.99" } }) }
end

def updates
  scenario("update_loop")
  request { Product.where(id: 1..20).order(:id).each { |p| p.update!(price: p.price + 1) } }

  scenario("update_loop_fixed")
  request { Product.where(id: 21..40).update_all("price = price + 1") }
end

def get_by_id
  ids = (21..45).to_a
  scenario("get_by_id_loop")
  request { ids.each { |id| Customer.find(id).name } }

  scenario("get_by_id_loop_fixed")
  request { Customer.where(id: ids).to_a }
end

def pagination
  scenario("pagination")
  request do
    Customer.count
    (0...8).each { |page| Customer.order(:id).limit(10).offset(page * 10).to_a }
  end
end

def counts
  scenario("count_with_limit")
  request { Order.where(status: "paid").limit(50).count } # SELECT COUNT(*) FROM (SELECT 1 ... LIMIT 50) subquery_for_count
  # count_distinct_subquery: ActiveRecord writes COUNT(DISTINCT ...) itself, never a count over a subquery
end

def duplicates
  scenario("duplicate_query")
  request do # (no QueryCache middleware around this script, as in jobs and console code)
    Product.where("price < ?", 20).order(:id).to_a
    Product.where("price < ?", 20).order(:id).to_a
  end

  scenario("duplicate_query_fixed")
  request { Product.where("price < ?", 20).order(:id).to_a }
end

def back_to_back
  scenario("back_to_back_requests")
  pauses = [0.08, 0.12, 0.06, 0.15, 0.1]
  reqs = [
    -> { Customer.find(1) },
    -> { Product.order(:id).limit(5).to_a },
    -> { Order.find(3).order_items.to_a },
    -> { Customer.find(2); Order.where(customer_id: 2).count },
    -> { Product.where("price > ?", 30).order(:id).limit(5).to_a },
    -> { Order.find(4) }
  ]
  reqs.each_with_index do |r, i|
    request { r.call }
    sleep pauses[i] if i < pauses.size
  end
end

def deletes
  scenario("delete_cascade_loop")
  request { Order.where(id: 151..165).order(:id).each(&:destroy) } # dependent: :delete_all, one transaction each

  scenario("delete_cascade_loop_fixed")
  request do
    ids = (166..180).to_a
    OrderItem.where(order_id: ids).delete_all
    Order.where(id: ids).delete_all
  end
end

def churn
  scenario("connection_per_request")
  ActiveRecord::Base.connection_pool.disconnect! # the marker's connection is not one of the 8
  (1..12).each do |i|
    request do
      Customer.find(i)
      Order.where(customer_id: i).order(:id).limit(3).to_a
    end
    ActiveRecord::Base.connection_pool.disconnect! # no pool kept: the next request connects again
    sleep 0.05
  end

  scenario("connection_per_request_fixed")
  (1..12).each do |i|
    request do
      Customer.find(i)
      Order.where(customer_id: i).order(:id).limit(3).to_a
    end
    sleep 0.05
  end
end

def traceparent(n)
  "00-#{Digest::MD5.hexdigest("#{ORM}-trace-#{n}")}-#{Digest::MD5.hexdigest("#{ORM}-span-#{n}")[0, 16]}-01"
end

def marked
  scenario("marked_requests")
  reqs = [
    ["customers", "index", "%2Fcustomers", true, 0],
    ["products", "index", "%2Fproducts", false, 0],
    ["customers", "index", "%2Fcustomers", true, 10],
    ["orders", "show", "%2Forders%2F%3Cid%3E", false, 0]
  ]
  reqs.each_with_index do |(controller, action, route, loop, offset), i|
    tag = "controller='#{controller}',action='#{action}',framework='#{FRAMEWORK}',route='#{route}',traceparent='#{traceparent(i + 1)}'"
    request do
      if loop
        Customer.order(:id).limit(10).offset(offset).annotate(tag).each { |c| c.orders.annotate(tag).to_a }
      elsif controller == "products"
        Customer.annotate(tag).find(5)
        Product.order(:id).limit(5).annotate(tag).to_a
      else
        Order.annotate(tag).find(7)
        OrderItem.where(order_id: 7).annotate(tag).to_a
      end
    end
    sleep 0.1
  end
end

def per_row_transactions
  scenario("per_row_transaction_reads")
  request do
    Customer.where(id: 41..60).order(:id).each do |c|
      Customer.transaction { c.orders.where(status: "paid").to_a } # each fetch in its own transaction
    end
  end

  scenario("per_row_transaction_writes")
  request do
    (1..24).each { |i| Order.create!(customer_id: 70, status: "new", total: "#{i}.25") } # BEGIN; INSERT; COMMIT each
  end

  scenario("per_row_transaction_fixed")
  request do
    ActiveRecord::Base.transaction do
      Customer.where(id: 41..60).order(:id).includes(:paid_orders).each { |c| c.paid_orders.to_a }
      Order.insert_all((1..24).map { |i| { customer_id: 71, status: "new", total: "#{i}.25" } })
    end
  end
end

def loop_without_source
  scenario("loop_without_source")
  request { [3, 1, 4, 15, 9, 2, 6, 5, 35, 8, 7, 39].each { |pk| OrderItem.find(pk).quantity } } # ids known in code
end

# The requests of pooled_requests and tagged_requests: (customer, order) -> 5 statements, customer -> 2 or 1.
def page_full(c, o)
  Customer.find(c)
  Order.where(customer_id: c).order(:id).limit(3).to_a
  Order.find(o)
  OrderItem.where(order_id: o).to_a
  Product.order(:id).limit(5).to_a
end

def page_orders(c)
  Customer.find(c)
  Order.where(customer_id: c).order(:id).limit(3).to_a
end

def page_index
  Customer.where(id: 21..30).order(:id).each { |c| c.orders.to_a }
end

def pooled_requests
  scenario("pooled_requests")
  reqs = [-> { page_full(11, 21) }, -> { page_full(12, 22) }, -> { page_orders(13) }, -> { Customer.find(14) }]
  pauses = [0.04, 0.07, 0.03]
  reqs.each_with_index do |r, i|
    request { r.call } # the pool's connection, no transaction
    sleep pauses[i] if i < pauses.size
  end
end

# Marginalia's way (and Rails 7 query log tags' default format): /*application:Shop,controller:x,action:y*/
# appended to every statement the adapter executes, transaction statements included.
module Marginalia
  mattr_accessor :comment
  def self.annotate(sql)
    c = Marginalia.comment
    c.nil? || sql.include?(c) ? sql : "#{sql} #{c}"
  end

  module Adapter
    def execute(sql, *args, **kw)
      super(Marginalia.annotate(sql), *args, **kw)
    end

    def exec_query(sql, *args, **kw)
      super(Marginalia.annotate(sql), *args, **kw)
    end

    def exec_update(sql, *args, **kw)
      super(Marginalia.annotate(sql), *args, **kw)
    end

    def exec_delete(sql, *args, **kw)
      super(Marginalia.annotate(sql), *args, **kw)
    end
  end
end
ActiveRecord::Base.connection.class.prepend(Marginalia::Adapter)

TAGGED_REQUESTS = [ # [controller, action, work]
  ["customers", "show", -> { page_full(15, 25) }],
  ["dashboard", "index", -> { page_index }], # not customers#index: marked_requests' N+1 is that action
  ["customers", "show", -> { page_full(16, 26) }],
  ["customers", "orders", -> { page_orders(17) }],
  ["customers", "summary", -> { Customer.find(18) }]
]
TAGGED_PAUSES = [0.05, 0.03, 0.07, 0.04]

def tagged_requests
  scenario("tagged_requests")
  TAGGED_REQUESTS.each_with_index do |(controller, action, work), i|
    Marginalia.comment = "/*application:Shop,controller:#{controller},action:#{action}*/"
    begin
      request { work.call }
    ensure
      Marginalia.comment = nil
    end
    sleep TAGGED_PAUSES[i] if i < TAGGED_PAUSES.size
  end
end

seed
n_plus_one
inserts
updates
get_by_id
pagination
counts
duplicates
back_to_back
deletes
churn
marked
per_row_transactions
loop_without_source
pooled_requests
tagged_requests
sleep 0.3
ActiveRecord::Base.connection_pool.disconnect!
