package dev.dbprof.internal.read.spi;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads one input format, streaming: turns text into {@link dev.dbprof.model.Event}s.
 *
 * <p>A reader never stops on a bad line: it calls {@link ReadContext#skip} with the line number
 * and a short reason, and goes on. Memory must not grow with the input's length (only with open
 * sessions or the distinct statements a format needs to remember, such as named prepared
 * statements).
 */
public interface LogReader {

  /** Reads the whole input and hands every event to {@code context}. */
  void read(BufferedReader in, ReadContext context) throws IOException;
}
