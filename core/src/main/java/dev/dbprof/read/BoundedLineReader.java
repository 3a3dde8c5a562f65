package dev.dbprof.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads UTF-8 lines straight from bytes, and never lets a line exceed a limit, so that one
 * enormous line (a 10 MB statement, a binary file without line ends) cannot exhaust memory.
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is dropped (CRLF files read like LF files).
 * Malformed UTF-8 becomes U+FFFD, never an exception. A longer line is reported to the
 * {@link ReadContext} as skipped and read as an empty line, so that readers that count lines
 * themselves stay in step.
 *
 * <p>It splits lines on bytes and decodes each line once ({@code \n} never occurs inside a UTF-8
 * sequence): about twice as fast as decoding the stream with a {@code Reader} and then searching
 * the characters. It is a {@link BufferedReader} only so that readers can take either; read it
 * with {@link #readLine()}.
 */
public final class BoundedLineReader extends BufferedReader {

  /** Longer lines are skipped: no real statement is this long, and it keeps memory bounded. */
  public static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

  private final InputStream source;
  private final ReadContext context;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private byte[] pending = new byte[1024];
  private int pendingLength;
  private int position;
  private int limit;
  private boolean endOfInput;
  private long lineNumber;
  private boolean terminated = true;
  private boolean tooLongLine;

  public BoundedLineReader(InputStream source, ReadContext context) {
    this(source, context, DEFAULT_MAX_LINE_BYTES);
  }

  public BoundedLineReader(InputStream source, ReadContext context, int maxLineBytes) {
    super(Reader.nullReader(), 1);
    this.source = source;
    this.context = context;
    this.maxLineBytes = maxLineBytes;
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
    pendingLength = 0;
    long length = 0;
    boolean tooLong = false;
    while (true) {
      if (position >= limit && !fill()) {
        if (length == 0) {
          return null;
        }
        terminated = false;
        return finish(length, tooLong);
      }
      int start = position;
      int newline = indexOfNewline(start);
      int end = newline < 0 ? limit : newline;
      int chunk = end - start;
      position = newline < 0 ? limit : newline + 1;
      if (newline >= 0 && length == 0 && chunk <= maxLineBytes) {
        // The common case: the whole line is in the buffer.
        lineNumber++;
        terminated = true;
        int stop = chunk > 0 && buffer[end - 1] == '\r' ? end - 1 : end;
        return new String(buffer, start, stop - start, StandardCharsets.UTF_8);
      }
      length += chunk;
      if (!tooLong && length > maxLineBytes + 1L) {
        tooLong = true;
        pendingLength = 0;
      }
      if (!tooLong) {
        keep(start, chunk);
      }
      if (newline >= 0) {
        terminated = true;
        return finish(length, tooLong);
      }
    }
  }

  private int indexOfNewline(int from) {
    byte[] b = buffer;
    for (int i = from, end = limit; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void keep(int start, int count) {
    if (pendingLength + count > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pendingLength + count, pending.length * 2));
    }
    System.arraycopy(buffer, start, pending, pendingLength, count);
    pendingLength += count;
  }

  private String finish(long length, boolean tooLong) {
    lineNumber++;
    if (!tooLong && pendingLength > 0 && pending[pendingLength - 1] == '\r') {
      pendingLength--;
      length--;
    }
    String line;
    if (tooLong || length > maxLineBytes) {
      tooLongLine = true;
      if (context != null) {
        context.skip(lineNumber, String.format(Locale.ROOT,
            "line is %,d bytes long (limit %,d); skipped", length, maxLineBytes));
      }
      line = "";
    } else {
      line = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
    }
    pendingLength = 0;
    if (pending.length > 1024 * 1024) {
      pending = new byte[1024]; // one long line must not pin its memory
    }
    return line;
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
  public int read() {
    throw new UnsupportedOperationException("read lines with readLine()");
  }

  @Override
  public int read(char[] target, int offset, int length) {
    throw new UnsupportedOperationException("read lines with readLine()");
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
