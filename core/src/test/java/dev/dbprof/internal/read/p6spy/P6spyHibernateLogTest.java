package dev.dbprof.internal.read.p6spy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.Analysis;
import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.Finding;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.Report;
import dev.dbprof.internal.read.TestReads;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The p6spy logs of a real ORM: Hibernate 7 on PostgreSQL 17 through HikariCP and {@code jdbc:p6spy:},
 * one file per request scenario of the examples' request shop ({@code orm/hibernate-p6spy/}, see
 * the MANIFEST).
 */
class P6spyHibernateLogTest {

  private static final Path DIR = Path.of("src/test/resources/orm/hibernate-p6spy");
  private static final String CUSTOMER_BY_ID =
      "select c1_0.id,c1_0.created_at,c1_0.email,c1_0.name from customers c1_0 where c1_0.id=?";
  private static final String INSERT_ITEM =
      "insert into order_items (order_id,product_id,quantity,unit_price,id) values (?,?,?,?,?)";

  @ParameterizedTest
  @ValueSource(strings = {"back_to_back_requests_one_connection", "batch_fetch_one_transaction",
      "find_by_id_one_transaction", "find_by_id_transaction_per_call", "join_fetch_one_transaction",
      "save_batched_one_transaction",
      "save_one_transaction_identity", "save_transaction_per_call"})
  void everyLineIsReadAsP6spyOfOneConnection(String scenario) {
    TestReads read = TestReads.of(DIR.resolve(scenario + ".log"));
    assertThat(read.summary.format()).isEqualTo(InputFormat.P6SPY);
    assertThat(read.summary.skippedLines()).isZero();
    assertThat(read.events).isNotEmpty();
    assertThat(read.events.stream().map(Event::session).collect(Collectors.toSet())).hasSize(1);
  }

  @Test
  void findByIdPerCallIsThirtyOneStatementsEachCommitted() {
    TestReads read = TestReads.of(DIR.resolve("find_by_id_transaction_per_call.log"));
    assertThat(read.events.stream().filter(e -> e.kind() == EventKind.STATEMENT)).hasSize(31);
    assertThat(read.events.stream().filter(e -> e.kind() == EventKind.COMMIT)).hasSize(31);
    assertThat(read.events.stream().filter(e -> CUSTOMER_BY_ID.equals(e.sql())).map(Event::params)
        .distinct()).hasSize(30);
  }

  @Test
  void hibernateBatchIsOneBatchOfThirtyItems() {
    TestReads read = TestReads.of(DIR.resolve("save_batched_one_transaction.log"));
    List<Event> batches = read.events.stream().filter(e -> e.kind() == EventKind.BATCH).toList();
    assertThat(batches).extracting(Event::sql).containsOnly(INSERT_ITEM);
    assertThat(batches.stream().mapToLong(Event::batchSize).sum()).isEqualTo(30);
  }

  @Test
  void findingsOfTheLoopsInOneTransactionAndNoneOnTheirCleanCounterparts() {
    assertThat(rules("find_by_id_one_transaction")).containsExactly("n-plus-one");
    assertThat(rules("save_one_transaction_identity")).containsExactly("unbatched-writes");
    // the batch fetch is "= any (?)" with an array parameter, twice for 30 customers
    assertThat(rules("batch_fetch_one_transaction")).isEmpty();
    assertThat(rules("join_fetch_one_transaction")).isEmpty();
    assertThat(rules("save_batched_one_transaction")).isEmpty();
  }

  private static Set<String> rules(String scenario) {
    Report report = Analysis.of(AnalysisOptions.defaults("test")).read(DIR.resolve(scenario + ".log").toString())
        .report();
    return report.findings().stream().map(Finding::rule)
        .filter(r -> Set.of("n-plus-one", "unbatched-writes", "duplicate-query").contains(r))
        .collect(Collectors.toSet());
  }
}
