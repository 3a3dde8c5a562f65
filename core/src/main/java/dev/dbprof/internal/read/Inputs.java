package dev.dbprof.internal.read;

import dev.dbprof.internal.read.spi.BoundedLineReader;
import dev.dbprof.model.InputException;
import dev.dbprof.internal.read.spi.ReadContext;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens inputs: a path or {@code -} for stdin, gzip detected by its magic bytes, UTF-8 text.
 * Anything that is not a regular file (a FIFO, {@code /dev/fd/N} from a shell's {@code <(…)}, a
 * device) is read once, front to back, like stdin.
 */
public final class Inputs {

  public static final String STDIN = "-";
  static final String STDIN_NAME = "<stdin>";
  private static final int BUFFER = 64 * 1024;

  private Inputs() {
  }

  /** The name used in messages and summaries. */
  public static String displayName(String pathOrDash) {
    return STDIN.equals(pathOrDash) ? STDIN_NAME : pathOrDash;
  }

  /**
   * Whether the input can only be read once, front to back: stdin, or anything that is not a
   * regular file (a FIFO, a pipe named {@code /dev/fd/N}). Such an input must be read only once.
   */
  public static boolean isStream(String pathOrDash) {
    if (STDIN.equals(pathOrDash)) {
      return true;
    }
    Path path = Path.of(pathOrDash);
    return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
  }

  /**
   * Opens the input as bytes, decompressed when it starts with the gzip magic bytes (whatever its
   * name). The stream supports {@code mark}, so the format can be sniffed and the bytes re-read.
   */
  public static Opened open(String pathOrDash) {
    String name = displayName(pathOrDash);
    InputStream raw;
    if (STDIN.equals(pathOrDash)) {
      raw = new Sequential(new NonClosing(System.in));
    } else {
      Path path = Path.of(pathOrDash);
      if (Files.isDirectory(path)) {
        throw new InputException("Cannot read " + name + ": it is a directory.");
      }
      try {
        raw = Files.newInputStream(path);
        if (!Files.isRegularFile(path)) {
          raw = new Sequential(raw);
        }
      } catch (NoSuchFileException e) {
        throw new InputException("Cannot read " + name + ": no such file.", e);
      } catch (AccessDeniedException e) {
        throw new InputException("Cannot read " + name + ": permission denied.", e);
      } catch (IOException e) {
        throw new InputException("Cannot read " + name + ": " + e.getMessage() + ".", e);
      }
    }
    try {
      return open(raw);
    } catch (IOException e) {
      closeQuietly(raw);
      throw new InputException("Cannot read " + name + ": " + e.getMessage() + ".", e);
    }
  }

  /**
   * Like {@link #open(String)} for a stream the caller opened and closes: read front to back, as
   * stdin is, and left open.
   */
  static Opened openStream(String name, InputStream stream) {
    try {
      return open(new Sequential(new NonClosing(stream)));
    } catch (IOException e) {
      throw new InputException("Cannot read " + name + ": " + e.getMessage() + ".", e);
    }
  }

  /** Like {@link #open(String)} for a stream that is already open. */
  public static Opened open(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    if (first == 0x1f && second == 0x8b) {
      Tolerant tolerant = new Tolerant(new GZIPInputStream(in, BUFFER));
      return new Opened(new BufferedInputStream(tolerant, BUFFER), true, tolerant);
    }
    return new Opened(in, false, null);
  }

  /** UTF-8 text with malformed bytes replaced (never an exception), lines bounded in length. */
  public static BoundedLineReader lines(InputStream in, ReadContext context) {
    return new BoundedLineReader(in, context);
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing was read; the open failure is what the user needs to see
    }
  }

  /** An opened input. */
  public static final class Opened implements Closeable {
    private final BufferedInputStream stream;
    private final boolean compressed;
    private final Tolerant tolerant;

    Opened(BufferedInputStream stream, boolean compressed, Tolerant tolerant) {
      this.stream = stream;
      this.compressed = compressed;
      this.tolerant = tolerant;
    }

    public BufferedInputStream stream() {
      return stream;
    }

    public boolean compressed() {
      return compressed;
    }

    /** Whether the compressed data ended early (a cut-off .gz); what came before was read. */
    public boolean truncated() {
      return tolerant != null && tolerant.truncated;
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }

  /** Ends the stream where a cut-off or corrupt gzip member ends, instead of throwing. */
  static final class Tolerant extends FilterInputStream {
    boolean truncated;

    Tolerant(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      if (truncated) {
        return -1;
      }
      try {
        return super.read();
      } catch (EOFException | ZipException e) {
        truncated = true;
        return -1;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (truncated) {
        return -1;
      }
      try {
        return super.read(b, off, len);
      } catch (EOFException | ZipException e) {
        truncated = true;
        return -1;
      }
    }
  }

  /**
   * A pipe (stdin, a FIFO, {@code /dev/fd/N}), read front to back. Its channel cannot tell its
   * size or position ("Illegal seek"), which {@code available()} and {@code skip()} ask for; and
   * "nothing available yet" on a pipe does not mean its end, though gzip takes it so between two
   * concatenated members ({@code cat a.gz b.gz | dbprof analyze -} lost {@code b.gz}). Here
   * {@code available()} waits for the next byte: 0 only at the end of the stream.
   */
  static final class Sequential extends FilterInputStream {
    private int peeked = -1;
    private boolean ended;

    Sequential(InputStream in) {
      super(in);
    }

    @Override
    public int available() throws IOException {
      if (peeked < 0 && !ended) {
        peeked = in.read();
        ended = peeked < 0;
      }
      return peeked < 0 ? 0 : 1;
    }

    @Override
    public int read() throws IOException {
      if (peeked >= 0) {
        int b = peeked;
        peeked = -1;
        return b;
      }
      return ended ? -1 : in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (peeked >= 0) {
        b[off] = (byte) peeked;
        peeked = -1;
        // Read on at once: returning the one byte would make BufferedInputStream ask for the
        // next byte alone, a system call per byte. Waiting here is what a sequential read does.
        int more = len > 1 ? in.read(b, off + 1, len - 1) : 0;
        if (more < 0) {
          ended = true;
          return 1;
        }
        return 1 + more;
      }
      return ended ? -1 : in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = 0;
      while (skipped < n && read() >= 0) {
        skipped++;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** Stdin belongs to the process; reading it must not close it. */
  private static final class NonClosing extends FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // leave System.in open
    }
  }
}
