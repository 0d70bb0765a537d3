package io.orgspace.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}: a table for people, JSON or YAML (lower camel case keys) for scripts. */
final class Output {
  enum Format { table, json, yaml }

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table (default), json or yaml")
  Format format = Format.table;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  /** Prints rows (each an ordered map column -> value); for JSON and YAML a list of objects. */
  void rows(PrintWriter out, List<? extends Map<String, ?>> rows, String... columns) {
    if (format != Format.table) {
      out.print(serialize(rows));
      out.flush();
      return;
    }
    List<String[]> cells = new ArrayList<>();
    cells.add(java.util.Arrays.stream(columns).map(Output::header).toArray(String[]::new));
    for (Map<String, ?> row : rows) {
      cells.add(java.util.Arrays.stream(columns).map(c -> text(row.get(c))).toArray(String[]::new));
    }
    int[] widths = new int[columns.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(i == line.length - 1 ? line[i] : String.format("%-" + (widths[i] + 3) + "s", line[i]));
      }
      out.println(text.toString().stripTrailing());
    }
    out.flush();
  }

  /** Prints one object: as {@code key: value} lines for a table, else JSON or YAML. */
  void object(PrintWriter out, Map<String, ?> object) {
    if (format == Format.table) {
      out.print(serialize(YAML, object));
    } else {
      out.print(serialize(object));
    }
    out.flush();
  }

  private String serialize(Object value) {
    return serialize(format == Format.json ? JSON : YAML, value);
  }

  private static String serialize(ObjectMapper mapper, Object value) {
    try {
      String text = mapper.writeValueAsString(value);
      return text.endsWith("\n") ? text : text + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String header(String column) {
    return column.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
  }

  static String text(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof List<?> list) {
      return list.isEmpty() ? "-" : String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }

  static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      row.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return row;
  }
}
