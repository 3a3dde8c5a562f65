package dev.dbprof.model;

/**
 * What the application said about the work a statement belongs to: an explicit unit marker, the
 * trace of the current request, or a tag comment in the SQL. The strongest signal for cutting units
 * of work; statements without one are grouped by thread or session.
 *
 * @param id what tells one unit from another: the marker's unit id or the trace id, unique per
 *     piece of work; for {@link Source#TAG} the tag text itself, which repeats from one request to
 *     the next (a change of tag is a boundary, the same tag is not proof of the same request)
 * @param name what to call the unit in a report ({@code GET /owners/{id}}, a test name,
 *     {@code orders#index}), or null
 * @param source where it came from
 */
public record UnitTag(String id, String name, Source source) {

  /** Where a unit tag came from, strongest first. */
  public enum Source {
    /** A unit begin/end marker the application (or an integration) wrote into the capture. */
    MARKER,
    /** The W3C trace id of the current span (OpenTelemetry, Micrometer) or a sqlcommenter {@code traceparent}. */
    TRACE,
    /** A tag comment without a request id (Rails query-log tags, marginalia, sqlcommenter without traceparent). */
    TAG,
    /**
     * Start-up work the capture recognised by the runner on the stack (Spring's SQL scripts,
     * Flyway, Liquibase, Hibernate's schema tool): reported apart, never ranked.
     */
    STARTUP
  }

  /** Whether the id names one piece of work only (a marker or a trace), not a kind of work. */
  public boolean unique() {
    return source == Source.MARKER || source == Source.TRACE;
  }
}
