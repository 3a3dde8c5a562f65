package dev.dbprof.capture;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds the first application frame of a statement without walking the stack every time.
 *
 * <p>Each thread keeps a small direct-mapped cache keyed by (previous SQL on this thread, this
 * SQL). A hit reuses the cached site; a miss, and every {@value #REWALK_EVERY}th hit of an entry,
 * walks the stack. Keying on the previous statement as well tells apart the same SQL run from
 * two places in most programs (their neighbours differ), while a loop (same SQL, or the same few
 * statements in turn) hits the cache after its first one or two iterations.
 *
 * <p>The cache is bounded by characters, not only by entries: the host application's SQL texts
 * can be huge (a megabyte of literals), and the cache must never be why it runs out of memory.
 * A text longer than {@value #MAX_KEY_CHARS} characters is never kept (its statement, and the
 * one after it, walk the stack every time), and one thread's
 * entries hold at most {@value #MAX_THREAD_CHARS} characters of keys; past that, an entry is
 * only replaced, never added.
 */
final class CallSiteFinder {

  static final int REWALK_EVERY = 64;
  private static final int SLOTS = 256;
  static final int MAX_KEY_CHARS = 2_048;
  static final int MAX_THREAD_CHARS = 64 * 1024;

  private static final StackWalker WALKER = StackWalker.getInstance();

  /** Libraries between the application and the database; the first frame outside them wins. */
  private static final String[] NOT_APPLICATION = {
    "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.",
    // p6spy and JDBC drivers
    "com.p6spy.", "org.postgresql.", "org.mariadb.", "com.mysql.", "org.h2.", "org.hsqldb.",
    "org.apache.derby.", "org.sqlite.", "oracle.", "com.microsoft.sqlserver.", "com.ibm.db2.",
    "io.zonky.", "ch.vorburger.",
    // pools
    "com.zaxxer.hikari.", "org.apache.commons.dbcp", "org.apache.tomcat.jdbc.", "com.mchange.",
    "org.vibur.", "com.alibaba.druid.", "io.agroal.",
    // ORMs, mappers, frameworks
    "org.hibernate.", "org.jooq.", "org.apache.ibatis.", "org.mybatis.",
    // Spring's own modules by name, not the whole org.springframework. prefix: Spring's sample
    // applications (org.springframework.samples.petclinic) are applications
    "org.springframework.aop.", "org.springframework.aot.", "org.springframework.batch.",
    "org.springframework.beans.", "org.springframework.boot.", "org.springframework.cache.",
    "org.springframework.cglib.", "org.springframework.context.", "org.springframework.core.",
    "org.springframework.dao.", "org.springframework.data.", "org.springframework.expression.",
    "org.springframework.graphql.", "org.springframework.http.", "org.springframework.integration.",
    "org.springframework.jdbc.", "org.springframework.jms.", "org.springframework.jndi.",
    "org.springframework.kafka.", "org.springframework.messaging.", "org.springframework.orm.",
    "org.springframework.r2dbc.", "org.springframework.retry.", "org.springframework.scheduling.",
    "org.springframework.security.", "org.springframework.session.", "org.springframework.test.",
    "org.springframework.transaction.", "org.springframework.ui.", "org.springframework.util.",
    "org.springframework.validation.", "org.springframework.web.", "org.springframework.webflow.",
    "org.springframework.ws.",
    // web containers, template engines and the rest of the request path above the application
    "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.", "org.eclipse.jetty.",
    "io.undertow.", "io.netty.", "reactor.", "org.thymeleaf.", "freemarker.", "org.apache.velocity.",
    "com.fasterxml.jackson.", "org.slf4j.", "ch.qos.logback.", "org.apache.logging.",
    "org.eclipse.persistence.", "org.jdbi.", "org.sql2o.", "com.querydsl.", "io.ebean.",
    "io.micronaut.data.", "io.quarkus.", "org.aspectj.", "net.bytebuddy.", "net.ttddyy.",
    "io.opentelemetry.", "io.micrometer.", "brave.", "com.github.gavlyukovskiy.",
    // test and benchmark harnesses, below the application
    "org.junit.", "org.assertj.", "org.apache.maven.surefire.", "org.gradle.", "org.openjdk.jmh.",
    // migration tools (their runners also mark the statement as start-up work, StartupRunners)
    "org.flywaydb.", "liquibase.",
  };
  private static final String OWN_PACKAGE = "dev.dbprof.capture.";

  private final String[] appPackages;
  private final Function<Stream<StackWalker.StackFrame>, FrameSite> firstAppFrame;
  private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

  CallSiteFinder(List<String> appPackages) {
    this.appPackages = appPackages.isEmpty() ? null : appPackages.toArray(new String[0]);
    this.firstAppFrame = this::firstApplicationFrame;
  }

  /** The call site of the statement being executed on this thread now. */
  FrameSite find(String sql) {
    PerThread t = perThread.get();
    UnitScope unit = Units.current();
    if (unit != t.unit) { // another request or job on a pooled thread: nothing cached applies
      t.clear();
      t.unit = unit;
    }
    String previous = t.previousSql;
    boolean afterGiant = t.previousTooLong;
    boolean giant = sql.length() > MAX_KEY_CHARS;
    t.previousSql = giant ? null : sql;
    t.previousTooLong = giant;
    if (giant || afterGiant) {
      return walk(); // a giant text is never kept, not even as the key of the next statement
    }
    int h = sql.hashCode() * 31 + (previous == null ? 0 : previous.hashCode());
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    Entry e = t.entries[slot];
    if (e != null && e.hash == h && same(e.sql, sql) && same(e.previous, previous)) {
      if (!e.ambiguous && ++e.hits % REWALK_EVERY != 0) {
        return e.site;
      }
      FrameSite site = walk();
      // two places run this pair of statements: from now on every one is walked
      e.ambiguous |= !site.samePlace(e.site);
      e.site = site;
      return site;
    }
    FrameSite site = walk();
    int chars = sql.length() + (previous == null ? 0 : previous.length());
    int freed = e == null ? 0 : e.chars();
    if (t.cachedChars - freed + chars <= MAX_THREAD_CHARS) {
      t.entries[slot] = new Entry(h, previous, sql, site);
      t.cachedChars += chars - freed;
    }
    return site;
  }

  /**
   * Forgets this thread's cached sites. The capture calls it where the thread's next statement
   * likely comes from other code — a transaction ended, a pooled connection was taken or given
   * back — so a cached site is only ever reused inside one transaction of one unit of work.
   */
  void newContext() {
    perThread.get().clear();
  }

  /** Characters of SQL text this thread's cache holds (both keys of every entry). */
  int cachedCharsOfThisThread() {
    return perThread.get().cachedChars;
  }

  FrameSite walk() {
    return WALKER.walk(firstAppFrame);
  }

  /**
   * The first application frame, noting a start-up runner among the library frames above it: a
   * runner calls the driver, the application (its {@code main}, its configuration) calls the runner.
   * A runner's frames are never the application's, whatever {@code appPackages} says.
   */
  private FrameSite firstApplicationFrame(Stream<StackWalker.StackFrame> frames) {
    String startup = null;
    for (Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext(); ) {
      StackWalker.StackFrame frame = it.next();
      String className = frame.getClassName();
      String runner = StartupRunners.of(className);
      if (runner != null) {
        if (startup == null) {
          startup = runner;
        }
      } else if (isApplication(className)) {
        return FrameSite.of(frame, startup);
      }
    }
    return startup == null ? FrameSite.UNKNOWN : StartupRunners.unknownSite(startup);
  }

  boolean isApplication(String className) {
    if (isGeneratedProxy(className)) {
      return false; // the real method is deeper
    }
    if (appPackages != null) {
      for (String prefix : appPackages) {
        if (className.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
    if (className.startsWith(OWN_PACKAGE)
        && className.indexOf('.', OWN_PACKAGE.length()) < 0) {
      return false;
    }
    for (String prefix : NOT_APPLICATION) {
      if (className.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  /** CGLIB and ByteBuddy ({@code $$}) and Hibernate's lazy proxies ({@code Pet$HibernateProxy$…}). */
  private static boolean isGeneratedProxy(String className) {
    return className.contains("$$") || className.contains("$HibernateProxy");
  }

  private static boolean same(String a, String b) {
    return a == b || (a != null && a.equals(b));
  }

  private static final class PerThread {
    final Entry[] entries = new Entry[SLOTS];
    /** The previous statement's text when it is short enough to keep, else null. */
    String previousSql;
    boolean previousTooLong;
    int cachedChars;
    /** The unit of work the cached sites were found in (null: none). */
    UnitScope unit;

    void clear() {
      if (cachedChars > 0 || previousSql != null) {
        Arrays.fill(entries, null);
        cachedChars = 0;
        previousSql = null;
        previousTooLong = false;
      }
    }
  }

  private static final class Entry {
    final int hash;
    final String previous;
    final String sql;
    FrameSite site;
    int hits;
    /** A rewalk found another site than the cached one: never trusted again. */
    boolean ambiguous;

    Entry(int hash, String previous, String sql, FrameSite site) {
      this.hash = hash;
      this.previous = previous;
      this.sql = sql;
      this.site = site;
    }

    int chars() {
      return sql.length() + (previous == null ? 0 : previous.length());
    }
  }
}
