package dev.dbprof.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Evidence;
import dev.dbprof.model.UnitOfWork.Boundary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** N+1 and unbatched writes on units that span many transactions, and how sure each match is. */
class TransactionsInUnitsTest {

  private static final String TYPEORM_INSERT = "INSERT INTO \"products\"(\"name\", \"price\") VALUES ($1, $2) RETURNING \"id\"";

  /** TypeORM's {@code repo.save()} in a loop: START TRANSACTION; INSERT; COMMIT per row. */
  private static UnitBuilder saveInALoop(int rows, boolean ownTransactions) {
    UnitBuilder unit = new UnitBuilder();
    for (int i = 0; i < rows; i++) {
      if (ownTransactions) {
        unit.run("START TRANSACTION", "", 0.05);
      }
      unit.run(TYPEORM_INSERT, "p" + i + ",9.99", 0.2);
      if (ownTransactions) {
        unit.commit(3.0);
      }
    }
    if (!ownTransactions) {
      unit.commit(3.0);
    }
    return unit;
  }

  @Test
  void aWriteLoopOfOneTransactionPerRowNamesItsCommitsAndSavesThem() {
    List<Match> found = UnitBuilder.check(new UnbatchedWrites(), saveInALoop(30, true).build(Boundary.TRACE));

    assertThat(found).hasSize(1);
    Match match = found.get(0);
    assertThat(match.occurrences()).isEqualTo(30);
    assertThat(match.detail()).contains("one row at a time, one transaction per iteration (30 COMMITs, 90.0 ms)");
    // 30 inserts of 0.2 ms in one batch keep one; 30 commits of 3 ms in one transaction keep one
    assertThat(match.savedNanos()).isEqualTo(29 * 200_000L + 29 * 3_000_000L);
    assertThat(match.fix()).startsWith("Run the loop in one transaction: `await dataSource.transaction(")
        .contains("Then batch it.").contains("repository.insert(rows)");
    assertThat(match.evidence()).isEqualTo(Evidence.PROVEN);
  }

  @Test
  void anAutocommitLoopIsOneTransactionPerIterationWithNoCommitToSave() {
    UnitBuilder unit = new UnitBuilder();
    for (int i = 0; i < 30; i++) {
      unit.run("INSERT INTO \"products\" (\"name\", \"price\") VALUES ('Loop product 1', 9.99) RETURNING \"products\".\"id\""
          .replace("1'", i + "'"), null, 0.2).autocommit();
    }
    List<Match> found = UnitBuilder.check(new UnbatchedWrites(), unit.build(Boundary.TRACE));

    assertThat(found).singleElement().satisfies(m -> {
      assertThat(m.detail()).contains("one transaction per iteration (autocommit: each statement commits itself)");
      assertThat(m.savedNanos()).isEqualTo(29 * 200_000L); // the commits are inside the statements' own time
      assertThat(m.fix()).startsWith("Run the loop in one transaction: `with transaction.atomic():`")
          .contains("bulk_create");
    });
  }

  @Test
  void theSameLoopInsideOneTransactionIsOnlyUnbatched() {
    List<Match> found = UnitBuilder.check(new UnbatchedWrites(), saveInALoop(30, false).build(Boundary.TRACE));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).detail()).doesNotContain("transaction per iteration");
    assertThat(found.get(0).savedNanos()).isEqualTo(29 * 200_000L);
    assertThat(found.get(0).fix()).doesNotContain("one transaction");
  }

  @Test
  void findByIdPerRowWithoutTransactionalIsOneLoopAcrossItsTransactions() {
    UnitBuilder unit = new UnitBuilder().site("shop.OrderService", "report", 40)
        .run("select c1_0.id,c1_0.name from customers c1_0", "", 1.0).commit(0.5);
    for (int i = 0; i < 20; i++) {
      unit.run("select o1_0.id,o1_0.total from orders o1_0 where o1_0.customer_id=?", Integer.toString(i), 0.3)
          .commit(2.0);
    }
    List<Match> found = UnitBuilder.check(new NPlusOne(), unit.build(Boundary.THREAD));

    assertThat(found).hasSize(1);
    Match match = found.get(0);
    assertThat(match.occurrences()).isEqualTo(20);
    assertThat(match.detail()).contains("after `select c1_0.id").contains("one transaction per iteration (20 COMMITs, 40.0 ms)");
    assertThat(match.savedNanos()).isEqualTo(19 * 300_000L + 19 * 2_000_000L);
    assertThat(match.fix()).contains("`@Transactional`").contains("JOIN FETCH");
    assertThat(match.evidence()).isEqualTo(Evidence.PROVEN); // one call site, different values
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      django     | INSERT INTO "products" ("name", "price") VALUES ('Loop product 1', 9.99) RETURNING "products"."id" | `with transaction.atomic():`
      rails      | INSERT INTO "products" ("name", "price") VALUES ($1, $2) RETURNING "id"                          | `setAutoCommit(false)`
      sequelize  | INSERT INTO "products" ("id","name","price") VALUES (DEFAULT,$1,$2) RETURNING "id","name","price" | `await sequelize.transaction(async t => { … })`
      typeorm    | INSERT INTO "products"("name", "price") VALUES ($1, $2) RETURNING "id"                          | `await dataSource.transaction(async manager => { … })`
      sqlalchemy | INSERT INTO products (name, price) VALUES (%(name)s, %(price)s) RETURNING products.id           | `setAutoCommit(false)`
      """)
  void theFixWrapsTheLoopInTheOrmsOwnWords(String orm, String insert, String words) {
    UnitBuilder unit = new UnitBuilder();
    for (int i = 0; i < 6; i++) {
      unit.run(insert, "v" + i, 0.2).commit(1.0);
    }
    List<Match> found = UnitBuilder.check(new UnbatchedWrites(), unit.build(Boundary.SESSION));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).fix()).as(orm).contains(words);
  }

  @Test
  void hibernateRailsAndSqlAlchemyWrapTheirLoopsInTheirOwnWordsWhenTheirSqlShowsThem() {
    // their single-row writes look like anyone's; their reads show the ORM
    assertThat(Fixes.oneTransaction(shapeOf("select p1_0.id,p1_0.name from products p1_0 where p1_0.id=?"), ""))
        .contains("annotate the service method that loops with `@Transactional`");
    assertThat(Fixes.oneTransaction(shapeOf("SELECT \"orders\".* FROM \"orders\" WHERE \"orders\".\"id\" = $1"), ""))
        .contains("`ActiveRecord::Base.transaction do … end`");
    assertThat(Fixes.oneTransaction(shapeOf("SELECT orders.id AS orders_id FROM orders WHERE orders.id = %(pk)s"), ""))
        .contains("`with session.begin():`");
  }

  private static dev.dbprof.model.Shape shapeOf(String sql) {
    UnitBuilder unit = new UnitBuilder().run(sql, "1", 1.0);
    return unit.build(Boundary.SESSION).executions().get(0).shape();
  }

  @Test
  void aLoopOverKeysWithNoSourceQueryIsFoundAcrossItsOwnTransactions() {
    UnitBuilder unit = new UnitBuilder();
    for (int i = 0; i < 25; i++) {
      unit.run("BEGIN", "", 0.02)
          .run("SELECT \"customers\".\"id\", \"customers\".\"name\" FROM \"customers\" WHERE \"customers\".\"id\" = 1"
              .replace("= 1", "= " + i), null, 0.2)
          .commit(0.1);
    }
    List<Match> found = UnitBuilder.check(new NPlusOne(), unit.build(Boundary.SESSION));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).detail()).contains("25 × ").contains("with different values and no source query")
        .contains("one transaction per iteration (25 COMMITs, 2.5 ms)");
    assertThat(found.get(0).fix()).contains("`with transaction.atomic():`").contains("`Model.objects.in_bulk(ids)`");
    // a server session with no boundary and no source query: could be several requests
    assertThat(found.get(0).evidence()).isEqualTo(Evidence.SUSPECT);
  }

  @Test
  void gradesFollowTheBoundaryTheSourceAndTheRhythm() {
    assertThat(grade(loop(false, 0.0, false), Boundary.MARKER)).isEqualTo(Evidence.PROVEN);
    assertThat(grade(loop(false, 0.0, false), Boundary.SESSION)).isEqualTo(Evidence.SUSPECT);
    assertThat(grade(loop(true, 0.0, false), Boundary.SESSION)).isEqualTo(Evidence.LIKELY);
    assertThat(grade(loop(true, 0.0, false), Boundary.THREAD)).isEqualTo(Evidence.LIKELY);
    assertThat(grade(loop(false, 0.0, false), Boundary.TAG)).isEqualTo(Evidence.LIKELY);
    // a pause longer than one request's rhythm between two runs: two requests may have merged
    assertThat(grade(loop(true, 150.0, false), Boundary.THREAD)).isEqualTo(Evidence.SUSPECT);
    assertThat(grade(loop(true, 150.0, false), Boundary.TRACE)).isEqualTo(Evidence.PROVEN);
    // one known call site with different values proves the loop whatever the boundary
    assertThat(grade(loop(true, 150.0, true), Boundary.THREAD)).isEqualTo(Evidence.PROVEN);
  }

  private static UnitBuilder loop(boolean source, double pauseMs, boolean site) {
    UnitBuilder unit = new UnitBuilder();
    if (source) {
      unit.run("select id, name from customers", "", 1.0);
    }
    if (site) {
      unit.site("shop.Orders", "byCustomer", 9);
    }
    for (int i = 0; i < 6; i++) {
      unit.run("select id, total from orders where customer_id = ?", Integer.toString(i), 0.2);
      if (i == 2) {
        unit.gap(pauseMs);
      }
    }
    return unit;
  }

  private static Evidence grade(UnitBuilder unit, Boundary boundary) {
    List<Match> found = UnitBuilder.check(new NPlusOne(), unit.build(boundary));
    assertThat(found).hasSize(1);
    return found.get(0).evidence();
  }
}
