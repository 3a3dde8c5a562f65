package dev.dbprof.report;

import java.util.List;

/**
 * Everything a renderer needs, in ranked order. Immutable.
 *
 * @param version dbprof's version
 * @param summary what was read
 * @param findings ranked fixes, most valuable first
 * @param queries the query profile, by total time
 * @param notes plain statements about what the inputs could not show (e.g. "server logs cannot
 *     tell JDBC batches from single statements")
 */
public record Report(String version, Summary summary, List<Finding> findings, List<QueryRow> queries,
    List<String> notes) {

  public static final String SCHEMA = "dbprof-report/1";
}
