package dev.dbprof.internal.sql;

import dev.dbprof.model.OrmStyle;
import java.util.regex.Pattern;

/** Guesses the library that wrote a statement from its shape; runs once per fingerprint. */
final class OrmStyles {

  /** Hibernate 6 aliases "o1_0." and Hibernate 5 aliases "order0_.". */
  private static final Pattern HIBERNATE =
      Pattern.compile("\\b[a-z][a-z0-9_]*?[0-9]+_[0-9]+\\.|\\b[a-z][a-z0-9]*?[0-9]+_\\.", Pattern.CASE_INSENSITIVE);
  /** SQLAlchemy labels every column "users.id AS users_id" and names subqueries anon_1. */
  private static final Pattern SQLALCHEMY = Pattern.compile(
      "\\b(\\w+)\\.(\\w+) AS \\1_\\2\\b|\\banon_[0-9]+\\b", Pattern.CASE_INSENSITIVE);
  /** Rails selects "users".* (or `users`.*). */
  private static final Pattern ACTIVE_RECORD = Pattern.compile("[\"`]\\w+[\"`]\\.\\*");
  /** Django quotes every column as "app_model"."field". */
  private static final Pattern DJANGO = Pattern.compile("([\"`])\\w+_\\w+\\1\\.([\"`])\\w+\\2");
  /**
   * Django with its own table names ({@code db_table}) still lists every column qualified and quoted,
   * and its INSERTs return {@code RETURNING "table"."id"}.
   */
  private static final Pattern DJANGO_COLUMNS = Pattern.compile(
      "^\\s*SELECT (?:DISTINCT )?([\"`])\\w+\\1\\.([\"`])\\w+\\2, ([\"`])\\w+\\3\\.|\\bRETURNING ([\"`])\\w+\\4\\.([\"`])\\w+\\5");

  /**
   * Sequelize names each table's alias after its model ({@code FROM "customers" AS "Customer"}), labels
   * included columns {@code AS "orders.id"}, and writes column lists and assignments without blanks.
   */
  private static final Pattern SEQUELIZE = Pattern.compile(
      "\\bFROM ([\"`])\\w+\\1 AS ([\"`])[A-Z]\\w*\\2|\\bAS ([\"`])\\w+\\.\\w+\\3"
          + "|\\(([\"`])\\w+\\4,([\"`])\\w+\\5|\\bSET ([\"`])\\w+\\6=");
  /**
   * TypeORM labels every column {@code "Alias"."column" AS "Alias_column"} and writes
   * {@code INSERT INTO "table"("column", …)}.
   */
  private static final Pattern TYPEORM = Pattern.compile(
      "([\"`])(\\w+)\\1\\.([\"`])(\\w+)\\3 AS ([\"`])\\2_\\4\\5|\\bINSERT INTO ([\"`])\\w+\\6\\(");

  private OrmStyles() {}

  static OrmStyle of(String sql) {
    String head = sql.length() > 4000 ? sql.substring(0, 4000) : sql;
    if (HIBERNATE.matcher(head).find()) {
      return OrmStyle.HIBERNATE;
    }
    if (TYPEORM.matcher(head).find()) {
      return OrmStyle.TYPEORM;
    }
    if (SEQUELIZE.matcher(head).find()) {
      return OrmStyle.SEQUELIZE;
    }
    if (SQLALCHEMY.matcher(head).find()) {
      return OrmStyle.SQLALCHEMY;
    }
    if (ACTIVE_RECORD.matcher(head).find()) {
      return OrmStyle.ACTIVE_RECORD;
    }
    if (DJANGO.matcher(head).find() || DJANGO_COLUMNS.matcher(head).find()) {
      return OrmStyle.DJANGO;
    }
    return OrmStyle.PLAIN;
  }
}
