package io.orgspace.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** OpenSSH's ssh-keygen, for tests that check what Orgspace writes against the real tool. */
public final class SshKeygen {
  private SshKeygen() {}

  /** Generates a key pair {@code dir/name} (+ .pub) of {@code type}, no passphrase. */
  public static Path generate(Path dir, String name, String type, String... extra) throws IOException {
    Path key = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("-q", "-t", type, "-N", "", "-C", name + "@test", "-f", key.toString()));
    args.addAll(List.of(extra));
    run(args.toArray(String[]::new));
    return key;
  }

  public static String run(String... args) {
    Result result = execute(args);
    if (result.exit != 0) {
      throw new IllegalStateException("ssh-keygen " + String.join(" ", args) + " exited " + result.exit + ": " + result.output);
    }
    return result.output;
  }

  public static String runAllowingFailure(String... args) {
    return execute(args).output;
  }

  private record Result(int exit, String output) {}

  private static Result execute(String... args) {
    List<String> command = new ArrayList<>();
    command.add("ssh-keygen");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("ssh-keygen did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("ssh-keygen cannot run (install openssh-client)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
