package dev.dbprof.model;

import java.util.List;

/** What the analyzer asks of an index advisor; {@link IndexAdvisor} answers from a live database. */
public interface PlanAdvisor extends AutoCloseable {

  /** Advice for the candidates worth it, within the advisor's budget. */
  List<IndexAdvice> advise(List<Candidate> candidates);

  /** Why some candidates produced no advice. */
  List<AdvisorNote> notes();

  /** Ends the advisor's connection, if it has one; it advises nothing afterwards. */
  @Override
  default void close() {}
}
