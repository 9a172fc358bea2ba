package io.escrowledger.projections.webhook.delivery;

import io.escrowledger.projections.webhook.WebhookProperties;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address a webhook attempt connects to passes the same check as its URL: a name that resolved to a public
 * address when it was checked, and to an internal one when the attempt connects (DNS rebinding), reaches nothing.
 */
class WebhookSenderTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private HttpServer receiver;
    private final List<String> hostsReceived = new CopyOnWriteArrayList<>();

    @BeforeEach
    void internalReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            hostsReceived.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    /** The first lookup answers a public address, every later one the receiver's loopback address. */
    private static WebhookTargets.Resolver rebinding() throws IOException {
        AtomicInteger lookups = new AtomicInteger();
        InetAddress outside = InetAddress.getByName("93.184.216.34");
        InetAddress inside = InetAddress.getLoopbackAddress();
        return host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? outside : inside};
    }

    private static WebhookProperties properties(boolean allowPrivateTargets) {
        return new WebhookProperties(true, allowPrivateTargets, List.of(Duration.ofSeconds(5)), Duration.ofSeconds(5),
                1, 1, 10, Duration.ZERO, Duration.ofMillis(250), Duration.ofHours(24));
    }

    private String url() {
        return "http://rebinding.test:" + receiver.getAddress().getPort() + "/hooks";
    }

    @Test
    void aNameThatRebindsToAnInternalAddressAfterTheCheckReachesNothing() throws IOException {
        WebhookTargets targets = new WebhookTargets(properties(false), rebinding());
        assertThat(targets.refusal(url())).as("the check before the attempt saw a public address").isEmpty();

        WebhookSender.Result result = new WebhookSender(Clock.systemUTC(), Duration.ofSeconds(5), targets)
                .send(url(), "msg_1", null, "{}", List.of(SECRET));

        assertThat(result.status()).isNull();
        assertThat(result.error()).contains("rebinding.test resolves to an internal address: 127.0.0.1 is loopback");
        assertThat(hostsReceived).isEmpty();
    }

    @Test
    void theAttemptConnectsToTheCheckedAddressAndStillNamesTheHost() throws IOException {
        WebhookTargets targets = new WebhookTargets(properties(true), rebinding());
        targets.refusal(url()); // the first lookup, as the worker's check makes it

        WebhookSender.Result result = new WebhookSender(Clock.systemUTC(), Duration.ofSeconds(5), targets)
                .send(url(), "msg_1", null, "{}", List.of(SECRET));

        assertThat(result.status()).isEqualTo(204);
        assertThat(hostsReceived).containsExactly("rebinding.test:" + receiver.getAddress().getPort());
    }

    @Test
    void anAttemptEndsAtItsTimeoutEvenWhenTheReceiverTricklesItsAnswer() throws Exception {
        try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket socket = trickler.accept(); OutputStream out = socket.getOutputStream()) {
                    for (byte b : "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                    }
                    for (int i = 0; i < 50; i++) { // a byte every 100 ms: no read ever waits long
                        out.write('x');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException ended) {
                    // the sender hung up, as it should
                }
            });
            answer.setDaemon(true);
            answer.start();
            long started = System.nanoTime();

            WebhookSender.Result result = new WebhookSender(Clock.systemUTC(), Duration.ofMillis(800),
                    new WebhookTargets(properties(true)))
                    .send("http://127.0.0.1:" + trickler.getLocalPort() + "/hooks", "msg_1", null, "{}",
                            List.of(SECRET));

            assertThat(result.status()).isNull();
            assertThat(result.error()).isEqualTo("timed out after 800 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }
}
