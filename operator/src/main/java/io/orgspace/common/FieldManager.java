package io.orgspace.common;

/** The operator's name as the field manager of everything it applies server-side (objects and statuses). */
public final class FieldManager {
  public static final String NAME = "orgspace";

  private FieldManager() {}
}
