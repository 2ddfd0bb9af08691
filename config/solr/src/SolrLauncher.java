package pekalongan.solr;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.solr.core.CoreContainer;
import org.apache.solr.core.SolrXmlConfig;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Serves a standalone Solr 9 home over HTTP (context /solr) with the
 * JettySolrRunner of solr-test-framework: a real Solr on Jetty 10.
 *
 * Usage: SolrLauncher --home DIR [--port 8983] [--host 127.0.0.1] [--wait-secs 120]
 *                     [--zk-host HOST:PORT[,HOST:PORT...]]
 *
 * With --zk-host the node joins a SolrCloud cluster (the home's solr.xml then has a
 * solrcloud section, config/solr/cloud/solr.xml): it may start with no core at all
 * (replicas are created through the Collections API), and a core that fails to load
 * is reported but does not stop the node (the other collections keep serving).
 *
 * Exit status: 143/130 after SIGTERM/SIGINT (normal stop, Jetty stopped cleanly),
 * 2 when Solr or a core fails to load, 3 when the port is taken, 64 on bad usage.
 * Solr logs go to log4j2 (see log4j2.xml); this class prints one line only.
 */
public final class SolrLauncher {

  private static final AtomicBoolean stopped = new AtomicBoolean();

  public static void main(String[] args) {
    String home = null, host = "127.0.0.1";
    String zkHost = null;
    int port = 8983, waitSecs = 120;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + a);
        String v = args[++i];
        switch (a) {
          case "--home": home = v; break;
          case "--port": port = Integer.parseInt(v); break;
          case "--host": host = v; break;
          case "--wait-secs": waitSecs = Integer.parseInt(v); break;
          case "--zk-host": zkHost = v; break;
          default: throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (home == null) throw new IllegalArgumentException("--home is required");
    } catch (IllegalArgumentException e) {
      die(64, e.getMessage() + " (usage: --home DIR [--port N] [--host 127.0.0.1] [--zk-host H:P])");
    }

    Path homeDir = Paths.get(home).toAbsolutePath().normalize();
    if (!Files.isRegularFile(homeDir.resolve("solr.xml"))) {
      die(2, "no solr.xml in solr home " + homeDir);
    }
    // Loopback only: this server has no authentication.
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        die(64, "refusing to bind " + host + ": only loopback addresses are allowed");
      }
    } catch (IOException e) {
      die(64, "cannot resolve host " + host);
    }
    // Fail fast (before loading anything) when the port is taken. Jetty also
    // uses SO_REUSEADDR, so sockets left in TIME_WAIT do not count as taken.
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      portInUse(host, port);
    }

    boolean cloud = zkHost != null && !zkHost.isEmpty();
    List<String> expected = expectedCores(homeDir);
    System.setProperty("solr.solr.home", homeDir.toString());
    Properties nodeProps = new Properties();
    if (cloud) {
      // read by the solrcloud section of solr.xml (${zkHost}, ${host}); JettySolrRunner
      // sets ${hostPort} itself once Jetty listens
      System.setProperty("zkHost", zkHost);
      System.setProperty("host", host);
      nodeProps.setProperty("zkHost", zkHost);
      nodeProps.setProperty("host", host);
    }
    // Do not resolve the host name through DNS for /admin/info/system.
    System.setProperty("solr.dns.prevent.reverse.lookup",
        System.getProperty("solr.dns.prevent.reverse.lookup", "true"));
    // Parse solr.xml first: inside Jetty a broken one only yields
    // "The CoreContainer is unavailable!" and the reason stays in the log.
    try {
      SolrXmlConfig.fromSolrHome(homeDir, nodeProps);
    } catch (Exception e) {
      die(2, "invalid " + homeDir.resolve("solr.xml") + ": " + oneLine(e));
    }

    // A JettyConfig built with the private constructor: JettyConfig.builder()
    // reads SolrTestCaseJ4.sslConfig, which would drag JUnit and the Lucene test
    // framework into class initialisation. Arguments, in order: onlyHttp1,
    // port, portRetryTime (0 = no retry), context, stopAtShutdown (we install
    // our own hook), waitForLoadingCoresToFinishMs, extraServlets,
    // extraFilters, sslConfig (none: plain HTTP), enableV2.
    JettyConfig config = newJettyConfig(port, waitSecs * 1000L);
    JettySolrRunner runner = new JettySolrRunner(homeDir.toString(), nodeProps, config);
    bindHost(runner, host);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(runner), "solr-shutdown"));

    try {
      runner.start();
    } catch (Exception e) {
      if (hasCause(e, BindException.class)) portInUse(host, port);
      stopAndDie(runner, 2, "failed to start: " + oneLine(e) + seeLog());
    }

    CoreContainer cc = runner.getCoreContainer();
    if (cc == null || cc.isShutDown()) {
      stopAndDie(runner, 2, "core container failed to initialise" + seeLog());
    }
    cc.waitForLoadingCoresToFinish(waitSecs * 1000L);

    Map<String, CoreContainer.CoreLoadFailure> failures = cc.getCoreInitFailures();
    List<String> loaded = cc.getLoadedCoreNames();
    if (cloud && !cc.isZooKeeperAware()) {
      stopAndDie(runner, 2, "not in SolrCloud mode: the solr.xml of " + homeDir
          + " has no solrcloud section with ${zkHost}");
    }
    for (Map.Entry<String, CoreContainer.CoreLoadFailure> f : failures.entrySet()) {
      if (cloud) {
        System.err.println("solr: core '" + f.getKey() + "' failed to load: " + oneLine(f.getValue().exception));
        continue;
      }
      stopAndDie(runner, 2, "core '" + f.getKey() + "' failed to load: " + oneLine(f.getValue().exception));
    }
    for (String name : expected) {
      if (!cloud && !loaded.contains(name)) {
        stopAndDie(runner, 2, "core '" + name + "' failed to load: not loaded after " + waitSecs + " s");
      }
    }
    if (!cloud && loaded.isEmpty()) stopAndDie(runner, 2, "no cores found under " + homeDir);

    parkIfStopping(); // SIGTERM arrived during start-up: do not claim readiness
    String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/solr";
    System.out.println("solr: ready at " + base + (cloud ? " (SolrCloud, zk " + zkHost + ")" : "")
        + " (cores: "
        + loaded.stream().sorted().collect(Collectors.joining(", ")) + ")");
    System.out.flush();

    // Serve until SIGTERM/SIGINT; the shutdown hook stops Jetty and Solr.
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JettyConfig newJettyConfig(int port, long waitMs) {
    try {
      var ctor = JettyConfig.class.getDeclaredConstructor(boolean.class, int.class, int.class,
          String.class, boolean.class, Long.class, Map.class, Map.class,
          org.apache.solr.client.solrj.embedded.SSLConfig.class, boolean.class);
      ctor.setAccessible(true);
      return ctor.newInstance(false, port, 0, "/solr", false, waitMs,
          new java.util.TreeMap<>(), new java.util.LinkedHashMap<>(), null, true);
    } catch (ReflectiveOperationException e) {
      die(2, "unsupported solr-test-framework version: " + oneLine(e));
      return null;
    }
  }

  /** JettySolrRunner always binds 127.0.0.1; rebind its connector to the host asked for. */
  private static void bindHost(JettySolrRunner runner, String host) {
    try {
      var f = JettySolrRunner.class.getDeclaredField("server");
      f.setAccessible(true);
      for (Connector c : ((Server) f.get(runner)).getConnectors()) {
        if (c instanceof ServerConnector) ((ServerConnector) c).setHost(host);
      }
    } catch (ReflectiveOperationException e) {
      die(2, "unsupported solr-test-framework version: " + oneLine(e));
    }
  }

  /** Names of the cores under home: every core.properties (its name=, else its directory). */
  private static List<String> expectedCores(Path home) {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.walk(home, 4)) {
      for (Path p : (Iterable<Path>) s.filter(x -> x.endsWith("core.properties"))::iterator) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(p)) {
          props.load(in);
        }
        names.add(props.getProperty("name", p.getParent().getFileName().toString()));
      }
    } catch (IOException e) {
      die(2, "cannot read solr home " + home + ": " + oneLine(e));
    }
    return names;
  }

  /** Stops Jetty once; gives up after 30 s so a wedged stop never hangs the JVM. */
  private static void stop(JettySolrRunner runner) {
    if (!stopped.compareAndSet(false, true)) return;
    Thread t = new Thread(() -> {
      try {
        runner.stop();
      } catch (Throwable e) {
        System.err.println("solr: error while stopping: " + oneLine(e));
      }
    }, "solr-stop");
    t.setDaemon(true);
    t.start();
    try {
      t.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** During a signal-initiated shutdown the hook owns the exit: wait for it. */
  private static void parkIfStopping() {
    while (stopped.get()) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void stopAndDie(JettySolrRunner runner, int status, String msg) {
    parkIfStopping(); // failures seen while a SIGTERM stops Solr are not errors
    System.err.println("solr: " + msg);
    System.err.flush();
    stop(runner);
    Runtime.getRuntime().halt(status); // hooks already done; never block on exit
  }

  private static String seeLog() {
    String dir = System.getProperty("solr.log.dir");
    return dir == null ? "" : " (see " + Paths.get(dir, "solr.log") + ")";
  }

  private static void portInUse(String host, int port) {
    die(3, "port " + port + " on " + host + " is already in use");
  }

  private static void die(int status, String msg) {
    System.err.println("solr: " + msg);
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) return true;
    }
    return false;
  }

  /** Outermost message plus the root cause, on one line. */
  static String oneLine(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String msg = String.valueOf(t.getMessage());
    String rootMsg = root.getClass().getSimpleName() + ": " + root.getMessage();
    if (root != t && (root.getMessage() == null || !msg.contains(root.getMessage()))) {
      msg = msg + " (caused by " + rootMsg + ")";
    }
    msg = msg.replaceAll("\\s+", " ").trim();
    return msg.length() > 600 ? msg.substring(0, 600) + "..." : msg;
  }
}
