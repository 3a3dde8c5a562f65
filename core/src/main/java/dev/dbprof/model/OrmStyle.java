package dev.dbprof.model;

/** Which library most likely wrote a statement, judged from the SQL's shape alone. */
public enum OrmStyle {
  /** Hibernate 6+ aliases such as {@code o1_0.customer_id}, or Hibernate 5's {@code order0_}. */
  HIBERNATE,
  /** SQLAlchemy labels such as {@code users.id AS users_id} and {@code anon_1}. */
  SQLALCHEMY,
  /** Django's fully quoted {@code "app_model"."field"} columns. */
  DJANGO,
  /** Rails ActiveRecord's {@code "table".* FROM "table" WHERE "table"."id" = $1 LIMIT $2}. */
  ACTIVE_RECORD,
  /**
   * Sequelize: model-named aliases {@code FROM "customers" AS "Customer"}, dotted include aliases
   * {@code AS "orders.id"}, and writes without blanks ({@code ("id","name") VALUES (DEFAULT,…)},
   * {@code SET "price"=…}).
   */
  SEQUELIZE,
  /**
   * TypeORM: {@code "Customer"."id" AS "Customer_id"} with the alias after the table without AS,
   * and {@code INSERT INTO "customers"("name", …)} with no blank before the column list.
   */
  TYPEORM,
  /** Hand-written SQL or an unknown library. */
  PLAIN
}
