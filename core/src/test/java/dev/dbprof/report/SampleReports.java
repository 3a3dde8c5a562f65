package dev.dbprof.report;

import dev.dbprof.model.PlanSource;
import dev.dbprof.model.ValidationMethod;
import dev.dbprof.model.CallSite;
import dev.dbprof.model.Finding;
import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Problem;
import dev.dbprof.model.QueryRow;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Summary;
import dev.dbprof.model.UnitSample;
import dev.dbprof.rules.BuiltinRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Canonical reports for the renderers' golden files: one with every kind of field, one empty. */
public final class SampleReports {

  private SampleReports() {}

  public static Report full() {
    Finding nPlusOne = new Finding("n-plus-one", Severity.ERROR,
        "n-plus-one:0x1B2C3D4E5F607182:shop.OrderRepository.byCustomer", "Query repeated once per row (N+1)",
        "20 × `select id, total from orders where customer_id = ?` after `select id, name from customers`, in one unit of work",
        "select id, total from orders where customer_id = ?", "0x1B2C3D4E5F607182", List.of("orders"),
        List.of("customer_id"), 60, 3, 57.125, "Fetch orders in one query: join it into the parent query.",
        new CallSite("shop.OrderRepository", "byCustomer", "OrderRepository.java", 51), null, List.of(),
        new Finding.Location("capture.jsonl", 12));
    Finding index = new Finding("missing-index", Severity.WARNING, "missing-index:0x99AA00BB11CC22DD",
        "Table scan that an index would serve", "Seq Scan on orders (50,000 rows) filtering on status",
        "select id, total from orders where status = ?", "0x99AA00BB11CC22DD", List.of("orders"), List.of("status"),
        200, 1, 31.5, "Create the index.", null,
        new IndexAdvice("0x99AA00BB11CC22DD", "orders", List.of("status"),
            "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status)", 1234.5, 8.25, ValidationMethod.TRIAL, PlanSource.GENERIC_PLAN,
            50_000, true, "the index serves the filter on status"),
        List.of(), null);
    Finding churn = new Finding("connection-churn", Severity.WARNING, "connection-churn:workload",
        "New connection for every few statements (no pool)",
        "12 connections opened for 12 statements; 12 closed after at most 3 statements; 48.0 ms spent connecting",
        null, null, List.of(), List.of(), 12, 1, 48.0, "Use a connection pool.", null, null, List.of(), null);
    List<QueryRow> queries = List.of(
        new QueryRow("0x99AA00BB11CC22DD", "select id, total from orders where status = ?", "select", 200, 63.0, 0.3, 0.5,
            0.9, 0),
        new QueryRow("0x1B2C3D4E5F607182", "select id, total from orders where customer_id = ?", "select", 60, 60.0, 1.0,
            1.2, 1.5, 0),
        new QueryRow("0x0102030405060708", "select id, name from customers", "select", 3, 1.5, 0.5, 0.5, 0.5, 1));
    Summary summary = new Summary(263, 3, 4, 124.5,
        List.of(new InputSummary("capture.jsonl", InputFormat.DBPROF, 290, 1, 0, List.of(new Problem("capture.jsonl", 7,
            "not a JSON object")))), 0, Summary.Folded.NONE,
        new Summary.Time(101.3, 19.2, 4.0, null), new Summary.Startup(72, 12.4, 2));
    return new Report("0.1.0", summary, List.of(nPlusOne, index, churn), queries,
        List.of("Call sites are unknown for p6spy inputs: capture with jdbc:dbprof: to see the line of code behind each finding."))
        .withUnits(units())
        .withRules(BuiltinRules.catalog(List.of()));
  }

  /** The timeline's sample: an N+1 loop (one customers query, then 20 orders queries) and a mixed unit. */
  static List<UnitSample> units() {
    List<UnitSample.Step> loop = new ArrayList<>();
    loop.add(new UnitSample.Step("0x0102030405060708", 0, 0.5, 0));
    for (int i = 0; i < 20; i++) {
      loop.add(new UnitSample.Step("0x1B2C3D4E5F607182", 600 + i * 1_100L, 1.0, 0));
    }
    List<UnitSample.Step> mixed = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      mixed.add(new UnitSample.Step(i % 2 == 0 ? "0x99AA00BB11CC22DD" : "0x0102030405060708", i * 400L, 0.3, 0));
    }
    mixed.add(new UnitSample.Step("0x5555666677778888", 2_600, 0.2, 25));
    return List.of(
        new UnitSample("capture.jsonl", "7", 1_700_000_000_000_000L, 21, 20.5, "unit-end", loop, "GET /owners/{id}", "marker"),
        new UnitSample("capture.jsonl", "9", 1_700_000_000_500_000L, 7, 2.0, "idle-gap", mixed));
  }

  /**
   * The full report after a policy and a baseline: {@code --fail-on warning}, one finding suppressed,
   * one known to the baseline, one new, one worse, one fixed.
   */
  public static Report reviewed() {
    Report full = full();
    Finding churn = full.findings().get(2);
    Report kept = full.withFindings(full.findings().subList(0, 2));
    Map<String, Review.Status> statuses = new TreeMap<>();
    statuses.put(full.findings().get(0).key(), Review.Status.KNOWN);
    statuses.put(full.findings().get(1).key(), Review.Status.WORSENED);
    return kept.withReview(new Review(Severity.WARNING, "dbprof.yml",
        List.of(new Review.Suppressed(churn.key(), churn.rule(), "tests open a connection per test | by design")),
        new Review.BaselineDiff("dbprof-baseline.json", statuses,
            List.of(new Review.Fixed("duplicate-query:0x0A0B0C0D0E0F1011:shop.Cart.total", "duplicate-query", 4, 2.5)))));
  }

  public static Report empty() {
    return new Report("0.1.0", new Summary(0, 0, 0, 0, List.of(new InputSummary("empty.log", null, 0, 0, 0, List.of())), 0),
        List.of(), List.of(), List.of())
        .withRules(BuiltinRules.catalog(List.of()));
  }
}
