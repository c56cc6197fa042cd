package io.gpuarbiter.api.boot;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline for each request as a whole, which Netty's idle timeouts do not give: a client that
 * sends one byte a second is never idle. From the first byte a client sends after the server last
 * wrote, the server must have something to write (the answer, or a TLS handshake message) within
 * {@code arbiter.server.request-timeout} ({@code ARBITER_REQUEST_TIMEOUT}, 60 s), or the connection
 * is closed. This cuts off headers or a body sent slowly (slowloris) on HTTP/1.1; idle connections
 * are closed by {@code micronaut.server.idle-timeout}.
 */
@Singleton
public class RequestDeadline implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);
  private static final String HANDLER = "arbiter-request-deadline";

  private final Duration timeout;

  RequestDeadline(@Value("${arbiter.server.request-timeout:60s}") Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new Connections(null));
    return event.getBean();
  }

  /** Puts the deadline first in every connection's pipeline, next to the socket. */
  private final class Connections implements NettyServerCustomizer {
    private final Channel channel;

    Connections(Channel channel) {
      this.channel = channel;
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return role == ChannelRole.CONNECTION ? new Connections(channel) : this;
    }

    @Override
    public void onInitialPipelineBuilt() {
      if (channel != null && channel.pipeline().get(HANDLER) == null) {
        channel.pipeline().addFirst(HANDLER, new Deadline(timeout.toMillis()));
      }
    }
  }

  /** Starts the clock on a read when none runs, stops it on a write. */
  static final class Deadline extends ChannelDuplexHandler {
    private final long millis;
    private ScheduledFuture<?> pending;

    Deadline(long millis) {
      this.millis = millis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (pending == null) {
        pending =
            ctx.executor()
                .schedule(
                    () -> {
                      LOG.debug("closing {}: request not read within {} ms", ctx.channel(), millis);
                      ctx.close();
                    },
                    millis,
                    TimeUnit.MILLISECONDS);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      stop();
      ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      stop();
      ctx.fireChannelInactive();
    }

    private void stop() {
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    }
  }
}
