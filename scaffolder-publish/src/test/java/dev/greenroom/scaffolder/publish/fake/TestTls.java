package dev.greenroom.scaffolder.publish.fake;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's {@code keytool}, and the one {@link
 * SSLContext} that both serves it and trusts it, for hosts that are only reached over HTTPS (Azure
 * DevOps). Tests install it as the JVM default for the duration of the test ({@link #install}).
 */
public final class TestTls {
  private TestTls() {}

  /** Makes the keystore in {@code dir} and returns a context serving and trusting it. */
  public static SSLContext create(Path dir) throws Exception {
    Path ks = dir.resolve("host.p12");
    Files.createDirectories(dir);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString(), "-genkeypair", "-alias", "host", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit",
        "-keypass", "changeit").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  /** Makes {@code ctx} the JVM's default (JDK HTTP client and JGit's connections); returns an undo. */
  public static AutoCloseable install(SSLContext ctx) throws Exception {
    SSLContext before = SSLContext.getDefault();
    var beforeFactory = javax.net.ssl.HttpsURLConnection.getDefaultSSLSocketFactory();
    SSLContext.setDefault(ctx);
    javax.net.ssl.HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
    return () -> {
      SSLContext.setDefault(before);
      javax.net.ssl.HttpsURLConnection.setDefaultSSLSocketFactory(beforeFactory);
    };
  }
}
