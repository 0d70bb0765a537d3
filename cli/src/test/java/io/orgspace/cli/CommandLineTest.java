package io.orgspace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authentication.UserInfoBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine commandLine = OrgspaceCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpDocumentsEveryCommandAndTheExitCodes() {
    Run help = run("--help");
    assertEquals(0, help.exit());
    for (String command : List.of("login", "token", "logout", "whoami", "orgs", "org", "envs", "open", "credentials",
        "ssh-cert", "ssh", "generate-completion")) {
      assertTrue(help.out().contains("  " + command + " "), command + " in\n" + help.out());
    }
    for (String code : List.of("0", "1", "2", "3", "4", "5", "6")) {
      assertTrue(help.out().matches("(?s).*Exit codes:.*\\n\\s+" + code + "\\s+\\S.*"), code);
    }
  }

  @Test
  void unknownCommandsAndMissingArgumentsAreUsageErrors() {
    assertEquals(2, run("frobnicate").exit());
    assertEquals(2, run("login", "--issuer", "https://id.example").exit());
    assertEquals(2, run("org", "use").exit());
    assertEquals(2, run("envs", "-o", "xml").exit());
  }

  @Test
  void completionScriptIsGenerated() {
    Run completion = run("generate-completion");
    assertEquals(0, completion.exit());
    assertTrue(completion.out().contains("complete -F"), completion.out().substring(0, 200));
    assertTrue(completion.out().contains("ssh-cert"));
  }

  @Test
  void kubectlCompletionAnswersWholeWordsInCobraProtocol() {
    assertEquals("ssh\nssh-cert\n:4\n", run("__complete", "--", "ss").out());
    assertEquals("current\nuse\n:4\n", run("__complete", "--", "org", "").out().replaceAll("(?m)^-.*\n", ""));
    assertEquals("--output=json\n:4\n", run("__complete", "--", "envs", "--output=j").out());
    assertEquals(":0\n", run("__complete", "--", "frobnicate", "x").out(), "nothing to offer: the shell's own completion");
  }

  @Test
  void kubectlCompletionIsHiddenFromHelp() {
    assertTrue(!run("--help").out().contains("__complete"));
  }

  @Test
  void tokenWithoutALoginExitsWith3AndSaysHowToLogIn() {
    Run token = run("token", "--issuer", "https://id.example", "--client-id", "kubectl");
    assertEquals(3, token.exit());
    assertTrue(token.err().contains("not logged in: run `kubectl orgspace login --issuer https://id.example --client-id kubectl`"),
        token.err());
  }

  @Test
  void grantsSayWhichRoleAndThroughWhat() {
    GenericKubernetesResource organization = Serialization.unmarshal("""
        apiVersion: orgspace.io/v1alpha1
        kind: Organization
        metadata: {name: acme}
        spec:
          owners: [{kind: User, name: olga@acme.example}, {kind: Group, name: acme-admins}]
        status:
          access:
          - {role: Owner, users: [olga@acme.example], groups: [acme-admins]}
          - {role: Developer, users: [bob@acme.example], groups: ["sso:devs"]}
          - {role: Support, serviceAccounts: [org-acme/apikey-ci]}
        """, GenericKubernetesResource.class);
    assertEquals(List.of(new Access.Grant("Owner", "owners")), Access.grants(organization, user("olga@acme.example")));
    assertEquals(List.of(new Access.Grant("Owner", "owners (group acme-admins)"),
        new Access.Grant("Developer", "Membership"), new Access.Grant("Developer", "SSO group sso:devs")),
        Access.grants(organization, user("bob@acme.example", "acme-admins", "sso:devs")));
    assertEquals(List.of(new Access.Grant("Support", "API key org-acme/apikey-ci")),
        Access.grants(organization, user("system:serviceaccount:org-acme:apikey-ci")));
    assertEquals(List.of(), Access.grants(organization, user("mallory@evil.example", "devs")));
  }

  @Test
  void tablesHaveHeadersAndDashesForNothing() {
    Output output = new Output();
    StringWriter text = new StringWriter();
    output.rows(new PrintWriter(text), List.of(Output.row("name", "acme", "displayName", null, "roles", List.of("Owner", "Developer"))),
        "name", "displayName", "roles");
    assertEquals("NAME   DISPLAY NAME   ROLES\nacme   -              Owner,Developer\n", text.toString());
    output.format = Output.Format.json;
    StringWriter json = new StringWriter();
    output.rows(new PrintWriter(json), List.of(Map.of("name", "acme")), "name");
    assertTrue(json.toString().replaceAll("\\s", "").equals("[{\"name\":\"acme\"}]"), json.toString());
  }

  private static UserInfo user(String name, String... groups) {
    return new UserInfoBuilder().withUsername(name).withGroups(groups).build();
  }
}
