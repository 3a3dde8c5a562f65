/**
 * SQL text to query shapes.
 *
 * <p>{@link dev.dbprof.internal.sql.Fingerprinter} reads each statement once, left to right, and writes
 * its fingerprint: literals ('…', E'…', U&'…', N'…', X'…', B'…', $$…$$, $tag$…$tag$, MySQL's "…",
 * numbers with sign, exponent or hex, TRUE/FALSE, NULL as a value; which quotes are strings is the
 * input's {@link dev.dbprof.internal.sql.SqlDialect}'s rule) and placeholders (?, ?1, $1, :name, %s, %(name)s) become {@code ?};
 * {@code IN (…)} and {@code ARRAY[…]} lists of values become {@code (?+)} / {@code [?+]}; a
 * multi-row {@code VALUES} keeps its first row; {@code LIMIT ?, ?} and {@code LIMIT ? OFFSET ?}
 * fold to {@code LIMIT ?}; runs of equal UNION branches keep two; comments, {@code ASC},
 * savepoint names and a trailing {@code ;} go;
 * words are lower-cased, quoted names kept verbatim; spacing is canonical. The rules and their
 * reasons are in {@code FingerprintScan}; {@code fingerprints.tsv} in the tests is the catalogue.
 *
 * <p>{@link dev.dbprof.internal.sql.StatementAnalyzer} parses one sample per fingerprint with JSqlParser
 * and reports tables and the columns that are filtered, joined and sorted on.
 */
package dev.dbprof.internal.sql;
