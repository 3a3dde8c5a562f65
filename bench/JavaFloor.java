import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code grep -c -F PATTERN FILE} in plain Java: the least a JVM-based reader does (start, read
 * every byte, match one fixed string per line), as a floor for dbprof's time. bench/compare.sh
 * compiles and runs it as the tool "java floor".
 */
public final class JavaFloor {

  public static void main(String[] args) throws IOException {
    byte[] pattern = args[0].getBytes(StandardCharsets.UTF_8);
    long lines = 0;
    try (InputStream in = new FileInputStream(args[1])) {
      byte[] buffer = new byte[1 << 20];
      int kept = 0; // bytes of an unfinished line moved to the buffer's start
      int read;
      while ((read = in.read(buffer, kept, buffer.length - kept)) > 0) {
        int end = kept + read;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
          if (buffer[i] == '\n') {
            lines += contains(buffer, lineStart, i, pattern) ? 1 : 0;
            lineStart = i + 1;
          }
        }
        kept = end - lineStart;
        if (kept == buffer.length) {
          kept = 0; // a line longer than the buffer: counted by its pieces, as a floor may be
        }
        System.arraycopy(buffer, lineStart, buffer, 0, kept);
      }
      lines += kept > 0 && contains(buffer, 0, kept, pattern) ? 1 : 0;
    }
    System.out.println(lines);
  }

  private static boolean contains(byte[] b, int from, int to, byte[] pattern) {
    byte first = pattern[0];
    for (int i = from, last = to - pattern.length; i <= last; i++) {
      if (b[i] == first && matchesAt(b, i, pattern)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(byte[] b, int at, byte[] pattern) {
    for (int j = 1; j < pattern.length; j++) {
      if (b[at + j] != pattern[j]) {
        return false;
      }
    }
    return true;
  }
}
