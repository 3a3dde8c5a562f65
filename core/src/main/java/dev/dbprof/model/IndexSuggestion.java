package dev.dbprof.model;

import java.util.List;

/**
 * The index a {@code missing-index} finding proposes, with the planner's cost before and after.
 *
 * @param validated how the gain was proven: {@code hypopg}, {@code trial} (built in a rolled-back
 *     transaction) or {@code none}
 * @param planSource how the plan was obtained (generic plan, sample values, stand-in literals)
 */
public record IndexSuggestion(String table, List<String> columns, String ddl, double costBefore,
    double costAfter, String validated, String planSource) {}
