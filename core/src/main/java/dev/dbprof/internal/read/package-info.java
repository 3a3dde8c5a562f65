/**
 * Input readers: every format dbprof analyses becomes a stream of {@link dev.dbprof.model.Event}s.
 *
 * <p>{@link dev.dbprof.internal.read.Readers#read} is the entry point: {@link dev.dbprof.internal.read.Inputs} opens a
 * path or stdin (gzip recognised by its magic bytes, UTF-8 with bad bytes replaced, lines bounded by
 * {@link dev.dbprof.internal.read.spi.BoundedLineReader}), {@link dev.dbprof.internal.read.FormatDetector} sniffs the
 * first lines, and the format's {@link dev.dbprof.internal.read.spi.LogReader} streams events. Bad lines are
 * skipped and counted in the {@link dev.dbprof.internal.read.spi.ReadContext}, never thrown; only an input that
 * cannot be read at all is an {@link dev.dbprof.model.InputException}.
 *
 * <p>Subpackages: {@code capture} (dbprof's own capture file), {@code p6spy} (p6spy's single-line,
 * multi-line and custom formats), {@code pg} and {@code mysql} (server logs; wired in
 * {@code Readers.serverLogReader}).
 */
package dev.dbprof.internal.read;
