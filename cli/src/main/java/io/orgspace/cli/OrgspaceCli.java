package io.orgspace.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kubectl orgspace}: a person's command line for Orgspace. kubectl runs any
 * {@code kubectl-orgspace} on the PATH as {@code kubectl orgspace}.
 */
@Command(name = "kubectl-orgspace", mixinStandardHelpOptions = true, versionProvider = OrgspaceCli.Version.class,
    description = "Log in, see and switch your organizations, fetch SSH certificates, open previews.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:an unexpected error (the message says what)",
        "2:wrong usage: unknown command or option",
        "3:not logged in, or the credentials were refused (401)",
        "4:no access: the API server refused the request (403)",
        "5:not found: unknown organization, environment or certificate",
        "6:the identity provider or the API server cannot be reached or answered badly"},
    subcommands = {
        LoginCommands.Login.class, LoginCommands.Token.class, LoginCommands.Logout.class,
        WhoamiCommand.class, OrgCommands.Orgs.class, OrgCommands.Org.class,
        EnvCommands.Envs.class, EnvCommands.Open.class, EnvCommands.Credentials.class,
        SshCommands.SshCert.class, SshCommands.Ssh.class,
        AutoComplete.GenerateCompletion.class, KubectlCompletion.class})
public final class OrgspaceCli {
  public static void main(String[] args) {
    // fabric8 logs through SLF4J; the plugin's output is its own.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new OrgspaceCli());
    commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
      CliException failure = CliException.from(exception);
      cmd.getErr().println("error: " + failure.getMessage());
      return failure.exitCode();
    });
    CommandLine gen = commandLine.getSubcommands().get("generate-completion");
    gen.getCommandSpec().usageMessage().hidden(false);
    return commandLine;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = OrgspaceCli.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-orgspace " + (version == null ? "development" : version)};
    }
  }
}
