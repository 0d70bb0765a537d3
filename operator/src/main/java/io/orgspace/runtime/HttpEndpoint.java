package io.orgspace.runtime;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server (Netty) for a port that untrusted clients reach. Reading is non-blocking, so
 * a client that sends half a request and waits costs one connection slot and no thread: a handler
 * runs on a worker thread only once its whole request has arrived. A client gets at most
 * {@link Limits#maxConnections()} connections between all clients, must send a whole request —
 * headers and body — within {@link Limits#requestTimeout()} of its first byte however it spreads
 * them out, and may keep a connection idle (before its first request or between two) for
 * {@link Limits#idleTimeout()}; past a limit the connection is closed.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
  private static final int MAX_REQUEST_LINE = 8 * 1024;
  private static final int MAX_HEADERS = 16 * 1024;
  private static final int QUEUED_REQUESTS = 256;

  /** What clients may hold or take; see the class comment. */
  public record Limits(int maxConnections, Duration requestTimeout, Duration idleTimeout) {}

  /** A complete request: the path is the raw (still percent-encoded) path, without the query. */
  public record Request(String method, String path, HttpHeaders headers, byte[] body) {
    /** The first value of a header, or null. */
    public String header(String name) {
      return headers.get(name);
    }
  }

  public record Response(int status, String contentType, byte[] body) {
    public static Response text(int status, String text) {
      return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static Response json(int status, String json) {
      return new Response(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
  }

  public interface Handler {
    /** Answers a complete request, on a worker thread; it may block (e.g. on the API server). */
    Response handle(Request request);

    /**
     * The answer to a request the endpoint refuses before any handler sees it: 400 malformed,
     * 413 body over the limit, 431 header over the limit, 503 every worker busy.
     */
    default Response refused(int status, String reason) {
      return Response.text(status, reason + "\n");
    }
  }

  private final String name;
  private final int port;
  private final Limits limits;
  private final int maxBody;
  private final Handler handler;
  private final EventLoopGroup loop;
  private final ExecutorService workers;
  private final AtomicInteger connections = new AtomicInteger();
  private Channel server;

  /**
   * @param name names the threads and the metrics (e.g. "webhook"); @param maxBody the largest
   *     request body taken (larger gets 413); @param workers threads running the handler.
   *     Nothing is bound before {@link #start()}.
   */
  public HttpEndpoint(String name, int port, Limits limits, int maxBody, int workers, Handler handler) {
    this.name = name;
    this.port = port;
    this.limits = limits;
    this.maxBody = maxBody;
    this.handler = handler;
    // One thread reads and writes every connection: the work is the handlers', on the workers.
    this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name + "-io", true), NioIoHandler.newFactory());
    this.workers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUED_REQUESTS), new DefaultThreadFactory(name, true));
  }

  public void start() {
    server = new ServerBootstrap()
        .group(loop)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 128)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            if (connections.incrementAndGet() > limits.maxConnections()) {
              connections.decrementAndGet();
              OrgspaceMetrics.httpConnectionClosed(name, "connection-limit");
              channel.close();
              return;
            }
            channel.closeFuture().addListener(f -> connections.decrementAndGet());
            Deadlines deadlines = new Deadlines();
            channel.pipeline()
                .addLast(deadlines)
                .addLast(new HttpServerCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS)))
                .addLast(new BoundedAggregator(deadlines))
                // While a request is being answered, the next one waits here (reading is paused).
                .addLast(new FlowControlHandler())
                .addLast(new Dispatch(deadlines));
          }
        })
        .bind(port).syncUninterruptibly().channel();
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Connections open now. */
  public int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownNow();
  }

  /**
   * The clock of one connection: idle (nothing of a request yet) it may last {@code idleTimeout};
   * from a request's first byte to its last, {@code requestTimeout}; while its answer is being
   * made, no limit. Runs on the connection's event loop only.
   */
  private final class Deadlines extends ChannelInboundHandlerAdapter {
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean reading;
    private boolean busy;
    /** Answered before the request was read (413): nothing more is taken from this connection. */
    private boolean finished;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
      idle();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (!reading && !busy && message instanceof ByteBuf bytes && bytes.isReadable()) {
        reading = true;
        arm(limits.requestTimeout(), "request-timeout");
      }
      ctx.fireChannelRead(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      cancel();
      ctx.fireChannelInactive();
    }

    void idle() {
      reading = false;
      busy = false;
      arm(limits.idleTimeout(), "idle-timeout");
    }

    void busy() {
      reading = false;
      busy = true;
      cancel();
    }

    private void arm(Duration after, String reason) {
      cancel();
      timer = ctx.executor().schedule(() -> {
        OrgspaceMetrics.httpConnectionClosed(name, reason);
        ctx.close();
      }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancel() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }
  }

  /** Netty's aggregator, answering an oversized body with the handler's 413. */
  private final class BoundedAggregator extends HttpObjectAggregator {
    private final Deadlines deadlines;

    BoundedAggregator(Deadlines deadlines) {
      super(maxBody);
      this.deadlines = deadlines;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      // The aggregator reads and drops the rest of the body, so that the client, still sending,
      // gets this answer rather than a reset; its request deadline bounds how long that lasts.
      deadlines.finished = true;
      ctx.writeAndFlush(response(handler.refused(413, "body over " + maxBody + " bytes"), false));
    }
  }

  /** Hands each complete request to a worker and writes its answer. */
  private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Deadlines deadlines;

    Dispatch(Deadlines deadlines) {
      this.deadlines = deadlines;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest message) {
      if (deadlines.finished) {
        ctx.close();
        return;
      }
      deadlines.busy();
      ctx.channel().config().setAutoRead(false);
      if (message.decoderResult().isFailure()) {
        boolean tooLong = message.decoderResult().cause() instanceof TooLongFrameException;
        answer(ctx.channel(), tooLong ? handler.refused(431, "request line or headers too long")
            : handler.refused(400, "malformed request"), false);
        return;
      }
      Request request = new Request(message.method().name(), new QueryStringDecoder(message.uri()).rawPath(),
          message.headers(), ByteBufUtil.getBytes(message.content()));
      boolean keepAlive = HttpUtil.isKeepAlive(message);
      Channel channel = ctx.channel();
      try {
        workers.execute(() -> answer(channel, handle(request), keepAlive));
      } catch (RejectedExecutionException e) {
        answer(channel, handler.refused(503, "busy; retry later"), false);
      }
    }

    private Response handle(Request request) {
      try {
        return handler.handle(request);
      } catch (RuntimeException e) {
        log.warn("{} request failed: {}", name, e.getClass().getSimpleName());
        return Response.text(500, "internal error\n");
      }
    }

    private void answer(Channel channel, Response response, boolean keepAlive) {
      channel.writeAndFlush(response(response, keepAlive)).addListener((ChannelFutureListener) written -> {
        if (keepAlive && written.isSuccess()) {
          deadlines.idle();
          channel.config().setAutoRead(true);
        } else {
          channel.close();
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A reset connection or a broken client: nothing to answer, and nothing worth a stack trace.
      ctx.close();
    }
  }

  private static FullHttpResponse response(Response answer, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    HttpUtil.setContentLength(response, answer.body().length);
    HttpUtil.setKeepAlive(response, keepAlive);
    return response;
  }
}
