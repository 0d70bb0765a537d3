package io.orgspace.common;

import io.fabric8.kubernetes.api.model.FieldsV1;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;

/**
 * Makes a freshly read Kubernetes object cheap to keep: its parts that are equal in thousands of
 * cached objects are shared instead of held once per object.
 * <ul>
 *   <li>Every model object the client reads carries its own empty map for unknown fields; they
 *       become one shared empty map (at 1,000 environments: about a million of them).</li>
 *   <li>Strings (namespaces, label values, owner references, field managers, images, reasons) are
 *       replaced by the JVM's one interned copy; the ones unique to each object by construction
 *       (uid, resourceVersion) are left alone.</li>
 * </ul>
 * Objects so treated are read, never changed: an attempt to add an unknown field to one fails
 * loudly. Caches hand out such objects only; anything the operator sends is built anew.
 */
final class SharedParts {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
  private static final Set<String> UNIQUE_FIELDS = Set.of("uid", "resourceVersion");
  private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
    @Override
    protected List<Field> computeValue(Class<?> type) {
      List<Field> fields = new ArrayList<>();
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isFinal(field.getModifiers())
              && !UNIQUE_FIELDS.contains(field.getName())) {
            field.setAccessible(true);
            fields.add(field);
          }
        }
      }
      return List.copyOf(fields);
    }
  };

  private SharedParts() {}

  /** Shares the parts of a Kubernetes model object, in place, all the way down. */
  static void share(Object object) {
    if (object == null || !isModel(object.getClass()) || object instanceof FieldsV1) {
      return; // field sets are shared whole (CompactItemStore)
    }
    try {
      for (Field field : FIELDS.get(object.getClass())) {
        Object value = field.get(object);
        if (value instanceof String text) {
          field.set(object, text.intern());
        } else if (value instanceof Map<?, ?> map) {
          if (map.isEmpty()) {
            field.set(object, Collections.emptyMap());
          } else {
            shareValues(map);
          }
        } else if (value instanceof List<?> list) {
          shareElements(list);
        } else {
          share(value);
        }
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + object.getClass().getName(), e);
    }
  }

  static boolean isModel(Class<?> type) {
    return type.getName().startsWith(MODEL_PACKAGE);
  }

  @SuppressWarnings("unchecked")
  private static void shareValues(Map<?, ?> map) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object value = entry.getValue();
      if (value instanceof String text) {
        try {
          ((Map.Entry<Object, Object>) entry).setValue(text.intern());
        } catch (UnsupportedOperationException immutable) {
          return; // a map someone made read-only: left as it is
        }
      } else if (value instanceof List<?> list) {
        shareElements(list);
      } else if (value instanceof Map<?, ?> nested) {
        shareValues(nested);
      } else {
        share(value);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void shareElements(List<?> list) {
    for (ListIterator<Object> elements = (ListIterator<Object>) list.listIterator(); elements.hasNext(); ) {
      Object element = elements.next();
      if (element instanceof String text) {
        try {
          elements.set(text.intern());
        } catch (UnsupportedOperationException immutable) {
          return;
        }
      } else {
        share(element);
      }
    }
  }
}
