package dev.dbprof.rules;

import dev.dbprof.model.AdvisorNote;
import dev.dbprof.model.PlanAdvisor;
import dev.dbprof.model.PlanSource;
import dev.dbprof.model.ValidationMethod;
import dev.dbprof.model.Candidate;
import dev.dbprof.model.IndexAdvice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers a fixture says an index advisor would give ({@code index=orders(status):1000>10}),
 * so that the missing-index rule's own logic is tested without a database; the advisor itself is
 * tested against real PostgreSQL and MariaDB in {@code dev.dbprof.internal.explain}.
 */
final class CannedAdvisor implements PlanAdvisor {

  private static final Pattern SPEC = Pattern.compile("(\\w+)\\(([\\w,]+)\\):([\\d.]+)>([\\d.]+)");
  private final Map<String, String> bySql;

  CannedAdvisor(Map<String, String> bySql) {
    this.bySql = bySql;
  }

  @Override
  public List<IndexAdvice> advise(List<Candidate> candidates) {
    List<IndexAdvice> advice = new ArrayList<>();
    for (Candidate candidate : candidates) {
      String spec = bySql.get(candidate.sampleSql());
      if (spec == null) {
        continue;
      }
      Matcher m = SPEC.matcher(spec);
      if (!m.matches()) {
        throw new IllegalArgumentException("bad index spec " + spec);
      }
      double before = Double.parseDouble(m.group(3));
      double after = Double.parseDouble(m.group(4));
      List<String> columns = List.of(m.group(2).split(","));
      boolean suggested = after <= before / 2;
      advice.add(new IndexAdvice(candidate.queryId(), m.group(1), columns,
          "CREATE INDEX CONCURRENTLY ON " + m.group(1) + " (" + String.join(", ", columns) + ")", before, after,
          ValidationMethod.TRIAL, PlanSource.SAMPLE_VALUES, 50_000, suggested, suggested ? "saves enough" : "saves less than half"));
    }
    return advice;
  }

  @Override
  public List<AdvisorNote> notes() {
    return List.of();
  }
}
