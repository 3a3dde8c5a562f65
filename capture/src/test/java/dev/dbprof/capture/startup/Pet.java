package dev.dbprof.capture.startup;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** The one entity whose table Hibernate's schema tool creates in {@link StartupWorkTest}. */
@Entity
public class Pet {

  @Id
  Long id;

  String name;

  protected Pet() {
  }

  Pet(long id, String name) {
    this.id = id;
    this.name = name;
  }
}
