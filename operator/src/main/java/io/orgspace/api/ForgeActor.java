package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Who, on a forge, caused a change made from its webhook. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ForgeActor {
  @JsonPropertyDescription("The forge: github, gitlab, gitea or forgejo.")
  public String provider;

  @JsonPropertyDescription("The pull request's author (login; on GitLab id:<user id>).")
  public String author;

  @JsonPropertyDescription("The account whose action sent the delivery (login).")
  public String sender;

  @JsonPropertyDescription("The pull request's web address.")
  public String url;

  public ForgeActor() {}

  public ForgeActor(String provider, String author, String sender, String url) {
    this.provider = provider;
    this.author = author;
    this.sender = sender;
    this.url = url;
  }
}
