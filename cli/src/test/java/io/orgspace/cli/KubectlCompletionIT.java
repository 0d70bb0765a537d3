package io.orgspace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl itself completes {@code kubectl orgspace ...} through the installed completion script. */
class KubectlCompletionIT {
  @TempDir Path home;

  @Test
  void kubectlCompletesThePluginsCommandsAndOptions() throws Exception {
    PluginProcess plugin = new PluginProcess(home);
    PluginProcess.Result commands = PluginProcess.finish(plugin.kubectl("__complete", "orgspace", "ss").start(), "");
    assertEquals(0, commands.exit(), commands.err());
    assertEquals("ssh\nssh-cert\n:4\n", commands.out());

    PluginProcess.Result values = PluginProcess.finish(plugin.kubectl("__complete", "orgspace", "envs", "-o", "").start(), "");
    assertTrue(values.out().startsWith("json\ntable\nyaml\n"), values.out());
  }
}
