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
  /** Hand-written SQL or an unknown library. */
  PLAIN
}
