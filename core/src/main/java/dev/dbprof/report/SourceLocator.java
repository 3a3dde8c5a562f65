package dev.dbprof.report;

import dev.dbprof.model.CallSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns a call site into the repository-relative path that code scanning and annotations need
 * ({@code shop.OrderRepository} in {@code OrderRepository.java} → {@code app/src/main/java/shop/OrderRepository.java}).
 */
@FunctionalInterface
public interface SourceLocator {

  /** A repository-relative path with forward slashes, or null when the call site has no file. */
  String path(CallSite site);

  /** The Maven/Gradle layout at the repository root: {@code src/main/java/<package>/<file>}. */
  static SourceLocator conventional() {
    return site -> relative(site) == null ? null : "src/main/java/" + relative(site);
  }

  /**
   * Looks for the file under every {@code src/<set>/java} or {@code src/<set>/kotlin} directory
   * below {@code root} (modules included), falling back to {@link #conventional()}.
   */
  public static SourceLocator scanning(Path root) {
    List<Path> sourceRoots = new ArrayList<>();
    Set<String> skip = Set.of("target", "build", "node_modules", ".git", ".gradle", ".idea", "out");
    try (Stream<Path> dirs = Files.walk(root, 8)) {
      dirs.filter(Files::isDirectory)
          .filter(d -> d.getNameCount() >= 3)
          .filter(d -> {
            for (Path part : root.relativize(d)) {
              if (skip.contains(part.toString())) {
                return false;
              }
            }
            String name = d.getFileName().toString();
            return (name.equals("java") || name.equals("kotlin") || name.equals("groovy") || name.equals("scala"))
                && d.getParent().getParent().getFileName().toString().equals("src");
          })
          .sorted()
          .forEach(sourceRoots::add);
    } catch (IOException | UncheckedIOException e) {
      // an unreadable tree only costs precision: fall back to the conventional layout
    }
    Map<String, String> cache = new HashMap<>();
    SourceLocator fallback = conventional();
    return site -> {
      String relative = relative(site);
      if (relative == null) {
        return null;
      }
      return cache.computeIfAbsent(relative, r -> {
        for (Path sourceRoot : sourceRoots) {
          if (Files.isRegularFile(sourceRoot.resolve(r))) {
            return root.relativize(sourceRoot.resolve(r)).toString().replace('\\', '/');
          }
        }
        return fallback.path(site);
      });
    };
  }

  /** {@code <package path>/<file>}, or null without a file name. */
  private static String relative(CallSite site) {
    if (site == null || site.file() == null || site.file().isBlank()) {
      return null;
    }
    String className = site.className();
    int lastDot = className.lastIndexOf('.');
    String packagePath = lastDot < 0 ? "" : className.substring(0, lastDot).replace('.', '/') + "/";
    return packagePath + site.file();
  }
}
