package io.orgspace.forge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/** JSON bodies of forge requests and the comment list of their answers. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** A JSON object of the non-null fields, in the given order. */
  static String object(Map<String, Object> fields) {
    ObjectNode node = MAPPER.createObjectNode();
    fields.forEach((k, v) -> {
      if (v != null) {
        node.putPOJO(k, v);
      }
    });
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id of the first comment (GitHub, GitLab note and Gitea comments all have id and body) carrying the marker. */
  static Optional<Long> markedComment(String listBody) {
    try {
      JsonNode list = MAPPER.readTree(listBody);
      if (list != null && list.isArray()) {
        for (JsonNode comment : list) {
          if (comment.path("body").asText("").contains(ForgeApi.COMMENT_MARKER) && comment.path("id").canConvertToLong()) {
            return Optional.of(comment.path("id").asLong());
          }
        }
      }
      return Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
