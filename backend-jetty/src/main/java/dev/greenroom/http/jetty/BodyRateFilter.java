package dev.greenroom.http.jetty;

import dev.greenroom.http.ApiException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.time.Duration;

/**
 * The minimum rate of request bodies, with a grace period. Each read of the body first checks
 * that, counted from the body's first read, at least {@code rate × (elapsed − grace)} bytes have
 * arrived; otherwise it fails with 408 ({@code RequestTimeoutError}), so a client that trickles a
 * body cannot hold a worker for long.
 *
 * <p>Why not Jetty's own {@code minRequestDataRate}: it has no grace, so a small body that
 * arrives in two packets a few hundred milliseconds apart (a browser's JSON body on a busy
 * machine) is "slower than 1024 bytes a second" and failed, and the failure surfaced as a 500.
 * Like Jetty's, this check runs when the servlet reads: a read that blocks ends with the
 * connection's idle timeout.
 */
final class BodyRateFilter implements Filter {
  private final long bytesPerSecond;
  private final long graceNanos;

  BodyRateFilter(long bytesPerSecond, Duration grace) {
    this.bytesPerSecond = bytesPerSecond;
    this.graceNanos = grace.toNanos();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (bytesPerSecond <= 0 || !(request instanceof HttpServletRequest http)) {
      chain.doFilter(request, response);
      return;
    }
    chain.doFilter(new HttpServletRequestWrapper(http) {
      private ServletInputStream in;

      @Override
      public ServletInputStream getInputStream() throws IOException {
        if (in == null) {
          in = new Checked(super.getInputStream());
        }
        return in;
      }
    }, response);
  }

  /** The body stream with the rate check before each read. */
  private final class Checked extends ServletInputStream {
    private final ServletInputStream body;
    private long firstRead = -1;
    private long bytes;

    Checked(ServletInputStream body) {
      this.body = body;
    }

    private void check() {
      long now = System.nanoTime();
      if (firstRead < 0) {
        firstRead = now;
        return;
      }
      long late = now - firstRead - graceNanos;
      if (late > 0 && bytes < bytesPerSecond * late / 1_000_000_000L) {
        throw new ApiException("RequestTimeoutError", 408, "The request body arrived at less than "
            + bytesPerSecond + " bytes a second (" + bytes + " bytes in "
            + Duration.ofNanos(now - firstRead).toMillis() + " ms)");
      }
    }

    private int counted(int n) {
      if (n > 0) {
        bytes += n;
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      check();
      int b = body.read();
      if (b >= 0) {
        bytes++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      return counted(body.read(b, off, len));
    }

    @Override
    public boolean isFinished() {
      return body.isFinished();
    }

    @Override
    public boolean isReady() {
      return body.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      body.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
