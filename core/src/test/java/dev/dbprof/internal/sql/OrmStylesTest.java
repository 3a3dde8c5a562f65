package dev.dbprof.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.OrmStyle;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The library behind each statement, judged on statements the real ORMs wrote into real server logs. */
class OrmStylesTest {

  /** The SQL of a PostgreSQL stderr line or a MariaDB general-log line. */
  private static final Pattern SQL = Pattern.compile("(?:statement: |execute [^:]*: | (?:Query|Execute)\\t)(.*)$");

  @ParameterizedTest(name = "{0}: {1} is {2}")
  @CsvSource(delimiter = '|', textBlock = """
      sequelize-pg/postgresql.log      | FROM "orders" AS "Order" WHERE "Order"."customer_id"  | SEQUELIZE
      sequelize-pg/postgresql.log      | SELECT "Customer".*, "orders"."id" AS "orders.id"     | SEQUELIZE
      sequelize-pg/postgresql.log      | INSERT INTO "products" ("id","name","price") VALUES    | SEQUELIZE
      sequelize-pg/postgresql.log      | UPDATE "products" SET "price"=$1                        | SEQUELIZE
      sequelize-mariadb/general.log    | FROM `orders` AS `Order` WHERE `Order`.`customer_id`  | SEQUELIZE
      sequelize-mariadb/general.log    | INSERT INTO `products` (`id`,`name`,`price`)           | SEQUELIZE
      sequelize-mariadb/general.log    | UPDATE `products` SET `price`='                        | SEQUELIZE
      typeorm-pg/postgresql.log        | FROM "orders" "Order" WHERE (("Order"."customer_id"   | TYPEORM
      typeorm-pg/postgresql.log        | INSERT INTO "products"("name", "price")                | TYPEORM
      typeorm-pg/postgresql.log        | SELECT "Customer"."id" AS "Customer_id"                | TYPEORM
      typeorm-mariadb/general.log      | FROM `orders` `Order` WHERE ((`Order`.`customer_id`   | TYPEORM
      typeorm-mariadb/general.log      | INSERT INTO `products`(`id`, `name`, `price`)         | TYPEORM
      django-pg/postgresql.log         | FROM "orders" WHERE "orders"."customer_id"             | DJANGO
      django-pg/postgresql.log         | INSERT INTO "products" ("name", "price") VALUES ('Loop | DJANGO
      django-mariadb/general.log       | FROM `orders` WHERE `orders`.`customer_id`             | DJANGO
      django-mariadb/general.log       | INSERT INTO `products` (`name`, `price`) VALUES ('Loop | DJANGO
      sqlalchemy-pg/postgresql.log     | SELECT orders.id AS orders_id                          | SQLALCHEMY
      sqlalchemy-mariadb/general.log   | SELECT customers.id AS customers_id                    | SQLALCHEMY
      rails-pg/postgresql.log          | SELECT "orders".* FROM "orders"                        | ACTIVE_RECORD
      rails-mariadb/general.log        | SELECT `orders`.* FROM `orders`                        | ACTIVE_RECORD
      rails-pg/postgresql.log          | INSERT INTO "products" ("name", "price") VALUES ($1    | PLAIN
      sequelize-pg/postgresql.log      | DELETE FROM "orders" WHERE "id" = 151                  | PLAIN
      """)
  void recognisesTheOrmOfItsRecordedStatements(String file, String fragment, OrmStyle style)
      throws IOException, URISyntaxException {
    assertThat(OrmStyles.of(recorded(file, fragment))).isEqualTo(style);
  }

  /** The first statement of a recorded log that contains {@code fragment}. */
  private static String recorded(String file, String fragment) throws IOException, URISyntaxException {
    Path log = Path.of(OrmStylesTest.class.getResource("/orm/" + file).toURI());
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher sql = SQL.matcher(line);
      if (line.contains(fragment) && sql.find()) {
        return sql.group(1);
      }
    }
    throw new AssertionError(file + " has no statement with " + fragment);
  }
}
