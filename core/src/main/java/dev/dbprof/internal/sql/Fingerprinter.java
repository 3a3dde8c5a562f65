package dev.dbprof.internal.sql;

import dev.dbprof.model.StatementKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns statement text into its fingerprint in one pass of a hand-made tokenizer (see
 * {@link FingerprintScan} for the rules), or, for most statements, by matching a template of a
 * recent one that differed only in its literals ({@link Templates}). Thread-safe: share one
 * instance; the shared state is bounded caches: the templates, and the query ids, since there
 * are few distinct fingerprints and MD5 per statement would cost as much as the whole scan. The
 * id cache also hands out one instance per fingerprint text, so that maps keyed by it downstream
 * compare by identity, not by characters.
 */
public final class Fingerprinter {

  private static final int ID_CACHE_LIMIT = 1 << 16;
  private static final int MAX_CACHED_LENGTH = Template.MAX_LENGTH;

  private final ConcurrentHashMap<String, Identified> ids = new ConcurrentHashMap<>();
  private final Identified[] recent = new Identified[1 << 12];
  /** One set per dialect: the same text may scan differently under another dialect's rules. */
  private final Templates[] templates;

  public Fingerprinter() {
    this(true);
  }

  /** Without templates: every statement is scanned (for benchmarks of the scan). */
  Fingerprinter(boolean useTemplates) {
    if (useTemplates) {
      this.templates = new Templates[SqlDialect.values().length];
      for (int i = 0; i < templates.length; i++) {
        templates[i] = new Templates();
      }
    } else {
      this.templates = null;
    }
  }

  /** The fingerprint under the rules that let no string survive whatever the database ({@link SqlDialect#UNKNOWN}). */
  public NormalizedSql normalize(String sql) {
    return normalize(sql, SqlDialect.UNKNOWN);
  }

  /** The fingerprint of {@code sql} read by {@code dialect}'s rules of quoting. */
  public NormalizedSql normalize(String sql, SqlDialect dialect) {
    String text = sql == null ? "" : sql;
    Templates recentTemplates = templates == null ? null : templates[dialect.ordinal()];
    NormalizedSql known = recentTemplates == null ? null : recentTemplates.match(text);
    return known != null ? known : scan(text, dialect, recentTemplates);
  }

  private NormalizedSql scan(String text, SqlDialect dialect, Templates recentTemplates) {
    FingerprintScan scan;
    try {
      scan = new FingerprintScan(text, true, dialect);
      scan.run();
      if (scan.needsRescanWithoutBackslashEscapes()) {
        // 'C:\' closes in standard SQL: reading \' as an escape swallowed the rest
        scan = new FingerprintScan(text, false, dialect);
        scan.run();
      }
    } catch (RuntimeException | StackOverflowError e) {
      return fallback(text);
    }
    Identified id = scan.sawUnion() ? identify(UnionFolding.fold(scan.fingerprint())) : identify(scan);
    NormalizedSql normalized = new NormalizedSql(id.fingerprint(), id.queryId(), scan.kind(), scan.literalsHash(),
        scan.literals(), scan.longestInList(), scan.valuesRows());
    if (recentTemplates != null) {
      recentTemplates.add(text, scan, normalized);
    }
    return normalized;
  }

  /**
   * Never reached on purpose; keeps a tokenizer bug from stopping a run. Only the leading word is
   * kept: a text the scan could not read may hold literals it could not find.
   */
  private NormalizedSql fallback(String text) {
    String stripped = text.strip();
    int end = 0;
    while (end < stripped.length() && end < 32 && Character.isLetter(stripped.charAt(end))) {
      end++;
    }
    String word = stripped.substring(0, end).toLowerCase(Locale.ROOT);
    Identified id = identify(word.isEmpty() ? "?" : word + " ?");
    return new NormalizedSql(id.fingerprint(), id.queryId(), StatementKind.OTHER, 0, 0, 0, 0);
  }

  private record Identified(String fingerprint, String queryId, char[] chars) {

    Identified(String fingerprint, String queryId) {
      this(fingerprint, queryId, fingerprint.toCharArray());
    }
  }

  /**
   * The scan's output looked up among recent fingerprints before any String is made of it: most
   * statements have a shape seen before, and this skips the copy, the hash over the string and
   * the map. Direct-mapped on a few sampled characters (the comparison decides); a slot written
   * by another thread holds an immutable record, so a racing read sees an old or a new one.
   */
  private Identified identify(FingerprintScan scan) {
    char[] out = scan.output();
    int length = scan.length();
    if (length == 0 || length > MAX_CACHED_LENGTH) {
      return identify(scan.fingerprint());
    }
    int hash = length;
    for (int step = Math.max(1, length >>> 3), i = length - 1; i >= 0; i -= step) {
      hash = 31 * hash + out[i];
    }
    int slot = (hash ^ (hash >>> 16)) & (recent.length - 1);
    Identified known = recent[slot];
    if (known != null && Arrays.equals(known.chars(), 0, known.chars().length, out, 0, length)) {
      return known;
    }
    Identified id = identify(scan.fingerprint());
    recent[slot] = id;
    return id;
  }

  private Identified identify(String fingerprint) {
    if (fingerprint.length() > MAX_CACHED_LENGTH) {
      return new Identified(fingerprint, QueryIds.of(fingerprint), null); // rare giants are not worth holding on to
    }
    Identified id = ids.get(fingerprint);
    if (id == null) {
      id = new Identified(fingerprint, QueryIds.of(fingerprint));
      if (ids.size() >= ID_CACHE_LIMIT) {
        ids.clear();
      }
      ids.put(fingerprint, id);
    }
    return id;
  }
}
