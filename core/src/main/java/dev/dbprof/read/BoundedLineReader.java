package dev.dbprof.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Locale;

/**
 * A {@link BufferedReader} whose lines never exceed a limit, so that one enormous line (a 10 MB
 * statement, a binary file without line ends) cannot exhaust memory.
 *
 * <p>A longer line is reported to the {@link ReadContext} as skipped and read as an empty line, so
 * that readers that count lines themselves stay in step. Lines end at {@code \n}; a {@code \r}
 * before it is dropped (CRLF files read like LF files).
 */
public final class BoundedLineReader extends BufferedReader {

  /** Longer lines are skipped: no real statement is this long, and it keeps memory bounded. */
  public static final int DEFAULT_MAX_LINE_CHARS = 4 * 1024 * 1024;

  private final Reader source;
  private final ReadContext context;
  private final int maxLineChars;
  private final char[] buffer = new char[64 * 1024];
  private final StringBuilder pending = new StringBuilder();
  private int position;
  private int limit;
  private boolean endOfInput;
  private long lineNumber;
  private boolean terminated = true;
  private boolean tooLongLine;

  public BoundedLineReader(Reader source, ReadContext context) {
    this(source, context, DEFAULT_MAX_LINE_CHARS);
  }

  public BoundedLineReader(Reader source, ReadContext context, int maxLineChars) {
    super(source, 1);
    this.source = source;
    this.context = context;
    this.maxLineChars = maxLineChars;
  }

  /**
   * Whether the line last returned ended with a line break. Only the last line of an input can
   * lack one; a writer that always ends its lines (p6spy, the capture) was then cut off mid-line.
   */
  public boolean lastLineTerminated() {
    return terminated;
  }

  /** Whether the line last returned stood for a line over the limit (already reported, read as ""). */
  public boolean lastLineTooLong() {
    return tooLongLine;
  }

  /** Number of lines returned so far (the 1-based number of the last line read). */
  public long lineNumber() {
    return lineNumber;
  }

  @Override
  public String readLine() throws IOException {
    tooLongLine = false;
    pending.setLength(0);
    long length = 0;
    boolean tooLong = false;
    while (true) {
      if (position >= limit && !fill()) {
        if (length == 0) {
          return null;
        }
        terminated = false;
        return finish(null, 0, 0, length, tooLong);
      }
      int start = position;
      int newline = -1;
      for (int i = start; i < limit; i++) {
        if (buffer[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline < 0 ? limit : newline;
      int chunk = end - start;
      position = newline < 0 ? limit : newline + 1;
      if (newline >= 0 && length == 0 && chunk <= maxLineChars) {
        // The common case: the whole line is in the buffer.
        lineNumber++;
        terminated = true;
        int stop = chunk > 0 && buffer[end - 1] == '\r' ? end - 1 : end;
        return new String(buffer, start, stop - start);
      }
      length += chunk;
      if (!tooLong && length > maxLineChars + 1L) {
        tooLong = true;
        pending.setLength(0);
      }
      if (newline >= 0) {
        terminated = true;
        return finish(buffer, start, chunk, length, tooLong);
      }
      if (!tooLong) {
        pending.append(buffer, start, chunk);
      }
    }
  }

  private String finish(char[] chars, int start, int count, long length, boolean tooLong)
      throws IOException {
    lineNumber++;
    if (!tooLong && chars != null) {
      pending.append(chars, start, count);
    }
    int end = pending.length();
    if (!tooLong && end > 0 && pending.charAt(end - 1) == '\r') {
      pending.setLength(--end);
      length--;
    }
    if (tooLong || length > maxLineChars) {
      tooLongLine = true;
      if (context != null) {
        context.skip(lineNumber, String.format(Locale.ROOT,
            "line is %,d characters long (limit %,d); skipped", length, maxLineChars));
      }
      pending.setLength(0);
      trimPending();
      return "";
    }
    String line = pending.toString();
    trimPending();
    return line;
  }

  /** Lets a once-needed large builder go, so that one long line does not pin its memory. */
  private void trimPending() {
    if (pending.capacity() > 1024 * 1024) {
      pending.setLength(0);
      pending.trimToSize();
    }
  }

  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    int n;
    do {
      n = source.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      endOfInput = true;
      position = limit = 0;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  @Override
  public int read() throws IOException {
    if (position >= limit && !fill()) {
      return -1;
    }
    return buffer[position++];
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position >= limit && !fill()) {
      return -1;
    }
    int n = Math.min(length, limit - position);
    System.arraycopy(buffer, position, target, offset, n);
    position += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && (position < limit || fill())) {
      int step = (int) Math.min(n - skipped, limit - position);
      position += step;
      skipped += step;
    }
    return skipped;
  }

  @Override
  public boolean ready() throws IOException {
    return position < limit || source.ready();
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void mark(int readAheadLimit) throws IOException {
    throw new IOException("mark is not supported");
  }

  @Override
  public void reset() throws IOException {
    throw new IOException("reset is not supported");
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
