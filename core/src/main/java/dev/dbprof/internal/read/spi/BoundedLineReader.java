package dev.dbprof.internal.read.spi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
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
 * the characters. A reader that only needs to look at most lines can step with {@link #next()}
 * and decode a line with {@link #text()} only when it wants it. It is a {@link BufferedReader}
 * only so that readers can take either; read it by lines.
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
  // The current line: lineBytes[lineStart, lineEnd), decoded on demand.
  private byte[] lineBytes = buffer;
  private int lineStart;
  private int lineEnd;
  private String lineText;

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

  /**
   * {@code in} itself when it is one, else its characters encoded back into UTF-8 and split here
   * (readers that step through bytes accept any {@code BufferedReader} this way).
   */
  public static BoundedLineReader of(BufferedReader in, ReadContext context) {
    return in instanceof BoundedLineReader lines ? lines : new BoundedLineReader(new Utf8Bytes(in), context);
  }

  @Override
  public String readLine() throws IOException {
    return next() ? text() : null;
  }

  /** The current line, decoded (once); "" for a line over the limit. */
  public String text() {
    if (lineText == null) {
      lineText = new String(lineBytes, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }
    return lineText;
  }

  /** The current line's bytes are {@code bytes()[start(), end())}, valid until the next line is read. */
  public byte[] bytes() {
    return lineBytes;
  }

  public int start() {
    return lineStart;
  }

  public int end() {
    return lineEnd;
  }

  /** Moves to the next line without decoding it; false at the end of the input. */
  public boolean next() throws IOException {
    tooLongLine = false;
    lineText = null;
    if (pending.length > 1024 * 1024) {
      pending = new byte[1024]; // one long line must not pin its memory
    }
    pendingLength = 0;
    long length = 0;
    boolean tooLong = false;
    while (true) {
      if (position >= limit && !fill()) {
        if (length == 0) {
          return false;
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
        return view(buffer, start, chunk > 0 && buffer[end - 1] == '\r' ? end - 1 : end);
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

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;

  /**
   * Eight bytes a step: in {@code x}, the bytes XOR {@code '\n'}, a newline is a zero byte, and the
   * lowest byte whose top bit {@code (x - ONES) & ~x} sets is the first zero (a borrow only runs
   * on past a zero).
   */
  private int indexOfNewline(int from) {
    byte[] b = buffer;
    int i = from;
    for (int last = limit - Long.BYTES; i <= last; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i) ^ '\n' * ONES;
      long zeros = (x - ONES) & ~x & 0x80 * ONES;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < limit; i++) {
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

  private boolean finish(long length, boolean tooLong) {
    lineNumber++;
    if (!tooLong && pendingLength > 0 && pending[pendingLength - 1] == '\r') {
      pendingLength--;
      length--;
    }
    if (tooLong || length > maxLineBytes) {
      tooLongLine = true;
      if (context != null) {
        context.skipTooLong(lineNumber, String.format(Locale.ROOT,
            "line is %,d bytes long (limit %,d); skipped", length, maxLineBytes));
      }
      return view(pending, 0, 0);
    }
    return view(pending, 0, pendingLength);
  }

  private boolean view(byte[] bytes, int start, int end) {
    lineBytes = bytes;
    lineStart = start;
    lineEnd = end;
    return true;
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

  /** A character stream encoded into UTF-8 as it is read (unpaired surrogates become '?'). */
  private static final class Utf8Bytes extends InputStream {
    private final Reader in;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192).flip();
    private final ByteBuffer bytes = ByteBuffer.allocate(3 * 8192 + 16).flip();
    private boolean endOfInput;

    Utf8Bytes(Reader in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
      while (!bytes.hasRemaining()) {
        if (endOfInput) {
          return -1;
        }
        chars.compact();
        int n = in.read(chars);
        chars.flip();
        endOfInput = n < 0;
        bytes.clear();
        encoder.encode(chars, bytes, endOfInput);
        if (endOfInput) {
          encoder.flush(bytes);
        }
        bytes.flip();
      }
      int n = Math.min(length, bytes.remaining());
      bytes.get(target, offset, n);
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
