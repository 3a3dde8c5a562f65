package dev.dbprof.examples;

import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/**
 * Programmatic Hibernate transactions standing in for Spring's {@code @Transactional}: a
 * transactional call joins the transaction running on this thread, or begins and commits its own,
 * as a Spring Data repository method does when the service around it has no transaction.
 */
final class Transactions {

  private final SessionFactory factory;
  private final ThreadLocal<Session> current = new ThreadLocal<>();

  Transactions(SessionFactory factory) {
    this.factory = factory;
  }

  /** {@code @Transactional}: joins the running transaction, else one of its own around {@code work}. */
  <T> T transactional(Function<Session, T> work) {
    Session running = current.get();
    if (running != null) {
      return work.apply(running);
    }
    try (Session session = factory.openSession()) {
      Transaction transaction = session.beginTransaction();
      current.set(session);
      try {
        T result = work.apply(session);
        transaction.commit();
        return result;
      } catch (RuntimeException e) {
        if (transaction.isActive()) {
          transaction.rollback();
        }
        throw e;
      } finally {
        current.remove();
      }
    }
  }

  /**
   * No transaction at all (open-in-view off, no {@code @Transactional}, a pool in autocommit): each
   * statement commits itself.
   */
  <T> T withoutTransaction(Function<Session, T> work) {
    try (Session session = factory.openSession()) {
      return work.apply(session);
    }
  }
}
