package io.orgspace.access;

import static io.orgspace.access.Capability.CREATE_ENVIRONMENTS;
import static io.orgspace.access.Capability.DEPLOY_ENVIRONMENTS;
import static io.orgspace.access.Capability.UPDATE_ENVIRONMENTS;
import static io.orgspace.access.Capability.UPDATE_ENVIRONMENT_VARIABLES;
import static io.orgspace.access.Capability.UPDATE_PROJECT_FILES;
import static io.orgspace.access.Capability.UPDATE_PROJECT_VARIABLES;
import static io.orgspace.access.Capability.UPDATE_SERVER_FILES;
import static io.orgspace.access.Capability.VIEW_ENVIRONMENTS;
import static io.orgspace.access.Capability.VIEW_PROJECTS;
import static io.orgspace.access.Capability.VIEW_SERVERS;

import io.orgspace.api.Role;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The permission matrix, the single source of the four roles' ClusterRoles: Owner holds every
 * capability; the other rows are the product's matrix, cell for cell.
 */
public final class PermissionMatrix {
  private static final Map<Role, Set<Capability>> MATRIX = new EnumMap<>(Role.class);

  static {
    MATRIX.put(Role.Owner, EnumSet.allOf(Capability.class));
    MATRIX.put(Role.Developer, EnumSet.of(VIEW_PROJECTS, UPDATE_PROJECT_FILES, UPDATE_PROJECT_VARIABLES,
        VIEW_ENVIRONMENTS, CREATE_ENVIRONMENTS, UPDATE_ENVIRONMENTS, DEPLOY_ENVIRONMENTS,
        UPDATE_ENVIRONMENT_VARIABLES, VIEW_SERVERS, UPDATE_SERVER_FILES));
    MATRIX.put(Role.Support, EnumSet.of(VIEW_PROJECTS, UPDATE_PROJECT_FILES, UPDATE_PROJECT_VARIABLES,
        VIEW_ENVIRONMENTS, CREATE_ENVIRONMENTS, VIEW_SERVERS));
    MATRIX.put(Role.Manager, EnumSet.of(VIEW_PROJECTS, VIEW_ENVIRONMENTS, VIEW_SERVERS));
  }

  private PermissionMatrix() {}

  public static Set<Capability> capabilities(Role role) {
    return EnumSet.copyOf(MATRIX.get(role));
  }

  public static boolean allows(Role role, Capability capability) {
    return MATRIX.get(role).contains(capability);
  }
}
