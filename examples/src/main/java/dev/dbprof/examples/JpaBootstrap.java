package dev.dbprof.examples;

import dev.dbprof.examples.jpa.Customer;
import dev.dbprof.examples.jpa.OrderItem;
import dev.dbprof.examples.jpa.Product;
import dev.dbprof.examples.jpa.PurchaseOrder;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/** Builds the shop's Hibernate SessionFactory on the pool; the mode decides batching and id generation. */
final class JpaBootstrap {

  // Held strongly: java.util.logging forgets the level of a logger nobody references.
  private static final Logger HIBERNATE_LOG = Logger.getLogger("org.hibernate");

  private JpaBootstrap() {
  }

  static SessionFactory sessionFactory(Mode mode, DataSource pool) {
    return sessionFactory(mode, pool, "PostgreSQL", 17, 0, Map.of());
  }

  /**
   * The same on any database Hibernate knows by product name and version (no metadata queries at
   * start-up); {@code extraProperties} add to or override the mode's settings.
   */
  static SessionFactory sessionFactory(Mode mode, DataSource pool, String databaseProduct, int majorVersion,
      int minorVersion, Map<String, String> extraProperties) {
    if (HIBERNATE_LOG.getLevel() == null) {
      // Hibernate's start-up INFO lines would drown the demo's own progress output.
      HIBERNATE_LOG.setLevel(Level.WARNING);
    }
    HibernatePersistenceConfiguration config = new HibernatePersistenceConfiguration("shop-" + mode)
        .managedClasses(Customer.class, Product.class, PurchaseOrder.class, OrderItem.class)
        .property("hibernate.connection.datasource", pool)
        .property("hibernate.connection.provider_disables_autocommit", "true")
        // No metadata queries at start-up: the capture should hold the shop's work only.
        .property("hibernate.boot.allow_jdbc_metadata_access", "false")
        .property("hibernate.physical_naming_strategy",
            "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy")
        .property("jakarta.persistence.database-product-name", databaseProduct)
        .property("jakarta.persistence.database-major-version", Integer.toString(majorVersion))
        .property("jakarta.persistence.database-minor-version", Integer.toString(minorVersion))
        .property("hibernate.hbm2ddl.auto", "none");
    if (mode == Mode.FIXED) {
      config.mappingFile("META-INF/dbprof-examples/fixed-orm.xml")
          .property("hibernate.jdbc.batch_size", "50")
          .property("hibernate.order_inserts", "true")
          .property("hibernate.order_updates", "true");
    }
    extraProperties.forEach(config::property);
    return config.createEntityManagerFactory();
  }
}
